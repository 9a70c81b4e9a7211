#!/usr/bin/env bash
# The source rules a compiler does not check (../shared/design/c_engineering.md §1.7.8), run
# by `make check` and CI. Bans calls that are unsafe in the server's threads or with
# untrusted input, each with what to use instead:
#   atoi atol atof        -> strtol/strtod with an end-pointer check (atoi hides bad input)
#   strcpy strcat sprintf vsprintf gets strtok tmpnam -> snprintf, memcpy, strtok_r, mkstemp
#   strerror localtime gmtime -> ls_strerror (base/err.h), localtime_r, gmtime_r (shared buffers)
#   rand system alloca    -> base/rng's seeded generator; nothing; a heap or fixed buffer
# A call is a banned name followed by "(" outside a comment; prints file:line and fails.
# src/ only: tests and benchmarks are single-threaded tools of our own.
set -uo pipefail
cd "$(dirname "$0")/.."
banned='atoi|atol|atof|strcpy|strcat|sprintf|vsprintf|gets|strtok|tmpnam|strerror|localtime|gmtime|rand|system|alloca'
status=0
for f in $(find src -name '*.[ch]' | sort); do
    # drop /* */ and // comments and string literals before looking for calls
    hits=$(perl -0777 -pe 's{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]//g; $c }gse;
                          s{//[^\n]*}{}g; s{"(?:\\.|[^"\\\n])*"}{""}g' "$f" |
           grep -nE "(^|[^A-Za-z0-9_.>])($banned)[[:space:]]*\(" || true)
    if [ -n "$hits" ]; then
        echo "$hits" | sed "s|^|$f:|"
        status=1
    fi
done
[ $status -eq 0 ] && echo "checksrc: no banned call in src/"
exit $status
