#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and UndefinedBehaviorSanitizer, seeds them
# with a small generated corpus and runs each for SECONDS. Exits non-zero when a target does not
# build, crashes, trips a sanitizer, leaks or hangs (one input over 10 s).
#
# usage: run_fuzzers.sh SOURCE_DIR BUILD_DIR SECONDS [csv] [payload]
#   With no target names, runs all. The compiler is $CLANGXX, else clang++.
#   Crashing inputs are kept in BUILD_DIR/fuzz_<target>/crashes/; replay one with
#   BUILD_DIR/fuzz_<target>/fuzz_<target> FILE
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: $0 SOURCE_DIR BUILD_DIR SECONDS [csv] [payload]" >&2
    exit 2
fi
src=$(cd "$1" && pwd)
mkdir -p "$2"
build=$(cd "$2" && pwd)
seconds=$3
shift 3
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv payload)
cxx=${CLANGXX:-clang++}
flags=(-std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I "$src")

# ---- seed corpora ----

seed_csv() {
    local dir=$1
    printf 'name,email,type\r\nAda Lovelace,ada@example.org,VIP\r\n"Lovelace, Ada","a@b.org",general\r\n' >"$dir/valid.csv"
    printf 'name,email,type\r\n' >"$dir/header_only.csv"
    printf '\xEF\xBB\xBFName;E-Mail;Ticket Type\nJos\xC3\xA9;jose@example.es;\n\xE6\x9D\x8E\xE9\x9B\xB7;;VIP\n' >"$dir/bom_semicolon.csv"
    printf 'First Name\tLast Name\nAda\tLovelace\n\n"multi\nline"\t"say ""hi"""\n' >"$dir/tabs_quotes.csv"
    printf 'name,email\n,bob@\nCy,"unclosed\n' >"$dir/problems.csv"
}

crockford=0123456789ABCDEFGHJKMNPQRSTVWXYZ
base45='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

# N random characters from the first LIMIT characters of ALPHABET.
random_chars() {
    local alphabet=$1 n=$2 limit=$3 out="" i
    for ((i = 0; i < n; i++)); do out+=${alphabet:$((RANDOM % limit)):1}; done
    printf '%s' "$out"
}

# 120 Base45 characters that decode to 80 bytes: the last character of each triple is kept
# below 32 so that every triple stays within 0..65535.
random_base45() {
    local out="" i
    for ((i = 0; i < 40; i++)); do
        out+=$(random_chars "$base45" 2 45)$(random_chars "$base45" 1 32)
    done
    printf '%s' "$out"
}

seed_payload() {
    local dir=$1 valid
    valid="QG1$(random_chars $crockford 8 32)$(random_chars $crockford 12 32)$(random_base45)"
    [ ${#valid} -eq 143 ] || { echo "seed has length ${#valid}, not 143" >&2; exit 2; }
    printf '%s' "$valid" >"$dir/valid"
    printf 'QG1%s%s%s' 00000000 000000000000 "$(printf '0%.0s' {1..120})" >"$dir/zeros"
    printf '  %s\r\n' "$(printf '%s' "$valid" | tr 'A-Z' 'a-z')" >"$dir/lower_spaced"
    printf '%s' "${valid:0:142}" >"$dir/short"
    printf 'QG2%s' "${valid:3}" >"$dir/newer_version"
    printf 'QG1%s%s%s' ILOUILOU 000000000000 "$(printf ':%.0s' {1..120})" >"$dir/bad_chars"
    printf 'https://example.org/ticket/123' >"$dir/other_app"
}

# ---- build and run ----

sources_for() {
    case $1 in
        csv) echo "core/csv.cpp core/attendee_import.cpp" ;;
        payload) echo "core/ticket_codec.cpp core/base45.cpp core/crypto.cpp" ;;
        *) return 1 ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    if ! sources=$(sources_for "$target"); then
        echo "unknown fuzz target '$target' (known: csv, payload)" >&2
        exit 2
    fi
    dir=$build/fuzz_$target
    mkdir -p "$dir/corpus" "$dir/seeds" "$dir/crashes"
    libs=()
    [ "$target" = payload ] && libs=(-lsodium)

    echo "== fuzz_$target: building with $cxx"
    srcs=()
    for s in $sources; do srcs+=("$src/$s"); done
    if ! "$cxx" "${flags[@]}" "$src/tests/fuzz/fuzz_$target.cpp" "${srcs[@]}" \
            -o "$dir/fuzz_$target" "${libs[@]}"; then
        echo "== fuzz_$target: BUILD FAILED" >&2
        failed+=("$target (build)")
        continue
    fi

    "seed_$target" "$dir/seeds"
    echo "== fuzz_$target: running for ${seconds}s"
    # New inputs go to corpus/ (kept between runs, so coverage builds up); seeds/ is read only.
    if "$dir/fuzz_$target" -max_total_time="$seconds" -timeout=10 -max_len=8192 \
            -print_final_stats=1 -artifact_prefix="$dir/crashes/" "$dir/corpus" "$dir/seeds"; then
        echo "== fuzz_$target: no crash in ${seconds}s"
    else
        echo "== fuzz_$target: FAILED; crashing input in $dir/crashes/" >&2
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzers failed: ${failed[*]}" >&2
    exit 1
fi
