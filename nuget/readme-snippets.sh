# Sourced by aot-check.sh. README.md marks each block of its hosted node with an HTML comment, the
# same marks tests/RaftSdk.Package.Tests/ReadmeSnippetTests.cs compiles:
#   <!-- readme-snippet: file PATH -->   the next fenced block is the project's file PATH, as is
#   <!-- readme-snippet: program -->     the next fenced block is Program.cs
# (`statements` blocks are method bodies for the compile test only, not part of the node.)

# readme_hosted_snippets README DIR: writes those blocks into DIR and prints how many it wrote.
readme_hosted_snippets() {
  awk -v dir="$2" '
    /^<!-- readme-snippet: (file [^ ]+|program) -->$/ {
      spec = $0; sub(/^<!-- readme-snippet: /, "", spec); sub(/ -->$/, "", spec)
      target = (spec == "program") ? "Program.cs" : substr(spec, 6)
      state = 1; next
    }
    state == 1 && /^```/ {
      out = dir "/" target; folder = out; sub(/\/[^\/]*$/, "", folder)
      system("mkdir -p \"" folder "\""); printf "" > out; state = 2; next
    }
    state == 2 && /^```$/ { close(out); state = 0; count++; next }
    state == 2 { print > out; next }
    END {
      if (state != 0) { print "README: the block for " target " has no closing fence" > "/dev/stderr"; exit 1 }
      print count
    }
  ' "$1"
}
