using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RaftSdk.Transport;

/// <summary>The body of a streamed answer as the caller reads it.</summary>
public sealed partial class RaftClientCore
{
    /// <summary>
    /// The body of a streamed answer, read straight from the connection (nothing buffered beyond
    /// the connection's own read buffer). Each read waits at most the client's timeout for the
    /// peer. A body that breaks off fails the read (<see cref="RaftConnectionException"/>), never
    /// ends early. The call ends when the body ends (a read returned 0: the connection goes back
    /// to the pool), a read fails, or the stream is disposed before its end (the connection is
    /// closed, and the call is recorded as canceled). Reads only; no seeking; synchronous reads
    /// are not supported (a thread is not blocked on a peer's bytes).
    /// </summary>
    private sealed class AnswerBodyStream : Stream
    {
        private readonly Stream _connection;
        private readonly StreamedAnswerCall _call;
        private long _read;
        private bool _ended;
        private Exception? _failure;
        private bool _disposed;

        public AnswerBodyStream(Stream connection, StreamedAnswerCall call)
        {
            _connection = connection;
            _call = call;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException("A streamed answer has no known length.");

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException("A streamed answer cannot seek.");
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_failure is not null)
            {
                throw new IOException($"A read of this streamed answer of {_call.Address} to {_call.Route} failed before: {_failure.Message}", _failure);
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ended || buffer.IsEmpty)
            {
                return 0;
            }

            CancellationTokenSource timeout = _call.Timeout;
            if (_call.TimeoutSpan != Timeout.InfiniteTimeSpan)
            {
                timeout.CancelAfter(_call.TimeoutSpan);
            }

            using CancellationTokenSource? linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token) : null;
            int read;
            try
            {
                read = await _connection.ReadAsync(buffer, linked?.Token ?? timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _failure = _call.TranslateBodyFailure(e, _read, cancellationToken);
                _call.End(_failure, _read);
                if (ReferenceEquals(_failure, e))
                {
                    throw;
                }

                throw _failure;
            }

            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            if (read == 0)
            {
                // The chunked body's last chunk arrived: the connection is whole and goes back to the pool.
                _ended = true;
                _call.End(null, _read);
                return 0;
            }

            _read += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("Read a streamed answer with ReadAsync (or CopyToAsync): a thread is not blocked on a peer's bytes.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A streamed answer cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("A streamed answer is read-only.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A streamed answer is read-only.");

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                // Before its end: disposing the response closes the connection (the handler drains nothing, see RaftHttpHandlerFactory).
                // The caller stopped reading: not a whole call, not the peer's fault either, so it ends as a canceled one (docs/operations.md).
                _disposed = true;
                if (!_ended && _failure is null)
                {
                    _call.End(_call.StoppedEarly(_read), _read);
                }
            }

            base.Dispose(disposing);
        }
    }
}
