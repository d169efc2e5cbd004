#!/usr/bin/env bash
# A development CA and one certificate per node, for mutual TLS between the nodes:
#   bash make-certs.sh node1 node2 node3     # certs/ca.crt, certs/node1.key, certs/node1.crt, ...
# The CA is made once and reused. For development only: the keys are not encrypted.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p certs
[ $# -gt 0 ] || set -- node1 node2
if [ ! -f certs/ca.key ]; then
  openssl ecparam -name prime256v1 -genkey -noout -out certs/ca.key
  openssl req -x509 -new -key certs/ca.key -sha256 -days 3650 -subj "/CN=Development cluster CA" -out certs/ca.crt
fi
for node in "$@"; do
  openssl ecparam -name prime256v1 -genkey -noout -out "certs/$node.key"
  openssl req -new -key "certs/$node.key" -subj "/CN=$node" -out "certs/$node.csr"
  openssl x509 -req -in "certs/$node.csr" -CA certs/ca.crt -CAkey certs/ca.key -CAcreateserial -sha256 -days 825 -out "certs/$node.crt" 2>/dev/null
  rm "certs/$node.csr"
  echo "certs/$node.key, certs/$node.crt"
done
