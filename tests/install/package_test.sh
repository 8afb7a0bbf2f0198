#!/usr/bin/env bash
# The Debian package, checked as a user and Debian's tools would: built with CPack, its control
# data and dependencies, the program run from the files it holds, lintian, AppStream, desktop
# entries. tests/install/CMakeLists.txt runs each step as its own test; `build` is their fixture.
#
#   package_test.sh STEP BUILD_DIR WORK_DIR
#   STEP: build | control | runs | fonts | lintian | metadata
set -euo pipefail

step=$1
build_dir=$2
work=$3
deb_dir=$work/deb
root=$work/root

fail() { echo "FAIL: $*" >&2; exit 1; }
the_deb() {
    local debs=("$deb_dir"/qrgate_*.deb)
    [ -f "${debs[0]}" ] || fail "no package in $deb_dir (the Package.build test makes it)"
    echo "${debs[0]}"
}
json_field() {  # KEY... : a field of the JSON on stdin (a number indexes a list)
    python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1:]:
    value = value[int(key)] if key.isdigit() else value[key]
print(value)' "$@"
}

# A fontconfig configuration with no font folders at all: only what the program adds itself.
write_bare_fonts_conf() {
    cat >"$1" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>$work/fontconfig-cache</cachedir>
</fontconfig>
CONF
}

case $step in
build)
    rm -rf "$work" && mkdir -p "$deb_dir" "$root"
    cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$deb_dir"
    deb=$(the_deb)
    dpkg-deb --contents "$deb"
    dpkg -x "$deb" "$root"
    ;;

control)
    deb=$(the_deb)
    control=$(dpkg-deb --field "$deb")
    echo "$control"
    [ "$(dpkg-deb --field "$deb" Package)" = qrgate ] || fail "package name"
    depends=$(dpkg-deb --field "$deb" Depends)
    for needed in libc6 libsqlite3-0 libpango-1.0-0 libglfw3 tzdata fonts-dejavu-core; do
        grep -qE "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends lacks $needed: $depends"
    done
    grep -q fonts-noto-ui-core <<<"$(dpkg-deb --field "$deb" Recommends)" || fail "Recommends lacks fonts-noto-ui-core"
    # Control members owned by root, not writable by others; md5sums lists every file.
    listing=$(dpkg-deb --ctrl-tarfile "$deb" | tar -tvf -)
    echo "$listing"
    grep -E ' \./(control|md5sums)$' <<<"$listing" | grep -qvE '^-rw-r--r-- root/root' && fail "control file permissions: $listing"
    grep -q ' \./md5sums$' <<<"$listing" || fail "no md5sums"
    mkdir -p "$work/control" && dpkg-deb --control "$deb" "$work/control"
    (cd "$root" && md5sum --check --quiet "$work/control/md5sums") || fail "md5sums do not match the files"
    [ "$(wc -l <"$work/control/md5sums")" -eq "$(cd "$root" && find . -type f | wc -l)" ] || fail "md5sums misses files"
    # Stripped: no symbol table, no debug information.
    if readelf --sections "$root/usr/bin/qrgate" | grep -qE '\.symtab|\.debug_info'; then fail "usr/bin/qrgate is not stripped"; fi
    # Every dependency resolvable on this Debian.
    apt-get install --simulate --no-install-recommends "$deb" >"$work/apt-simulate.txt" 2>&1 || {
        cat "$work/apt-simulate.txt"; fail "apt-get cannot install the package"; }
    grep -E '^(Inst|Conf) qrgate ' "$work/apt-simulate.txt" || fail "apt-get would not install qrgate: $(cat "$work/apt-simulate.txt")"
    ;;

runs)
    # From the extracted files, with a data folder of its own: nothing from the build tree.
    qrgate=$root/usr/bin/qrgate
    data=$work/run-data && rm -rf "$data"
    version=$("$qrgate" --version)
    [ "$version" = "qrgate $(dpkg-deb --field "$(the_deb)" Version | cut -d- -f1)" ] || fail "--version says '$version'"
    event=$("$qrgate" --data "$data" event create --name "Package Fest")
    "$qrgate" --data "$data" tickets issue --event "$event" --count 1 --json >"$work/issued.json"
    qr=$(json_field 0 qrData <"$work/issued.json")
    set +e
    "$qrgate" --data "$data" checkin --event "$event" --gate north "$qr" >"$work/first.json"; first=$?
    "$qrgate" --data "$data" checkin --event "$event" --gate north "$qr" >"$work/second.json"; second=$?
    set -e
    [ $first -eq 0 ] && [ "$(json_field status <"$work/first.json")" = admitted ] || fail "first scan: exit $first, $(cat "$work/first.json")"
    [ $second -eq 1 ] && [ "$(json_field reason <"$work/second.json")" = already_used ] || fail "second scan: exit $second, $(cat "$work/second.json")"
    echo "admitted once, then already_used"
    ;;

fonts)
    # A sheet rendered where fontconfig knows no font at all: the program must find DejaVu in its
    # own prefix (usr/share/qrgate/fonts). The same binary without that folder beside it is the
    # control: no DejaVu then, which shows the check can fail.
    data=$work/fonts-data && rm -rf "$data"
    write_bare_fonts_conf "$work/bare-fonts.conf"
    printf 'name,email\nZo\xc3\xab \xc3\x85ngstr\xc3\xb6m,zoe@example.org\n' >"$work/attendees.csv"
    holder=$'Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m'
    event=$("$root/usr/bin/qrgate" --data "$data" event create --name "Font Fest")
    "$root/usr/bin/qrgate" --data "$data" tickets issue --event "$event" --csv "$work/attendees.csv" >/dev/null
    render() {  # PREFIX OUT
        FONTCONFIG_FILE=$work/bare-fonts.conf "$1/usr/bin/qrgate" --data "$data" sheet --event "$event" --out "$2"
    }
    render "$root" "$work/sheet.pdf"
    pdffonts "$work/sheet.pdf" | tee "$work/sheet-fonts.txt"
    grep -qE '\+DejaVuSans +TrueType .* yes +yes' "$work/sheet-fonts.txt" || fail "DejaVu Sans is not embedded in the sheet"
    grep -qE '\+DejaVuSans-Bold ' "$work/sheet-fonts.txt" || fail "DejaVu Sans Bold is not embedded in the sheet"
    grep -qE '\+DejaVuSansMono ' "$work/sheet-fonts.txt" || fail "DejaVu Sans Mono (ticket numbers) is not embedded in the sheet"
    pdftotext "$work/sheet.pdf" - | grep -qF "$holder" || fail "the holder's name is not in the sheet's text"

    # Started through a link elsewhere (as /usr/local/bin/qrgate might be), it still finds them.
    mkdir -p "$work/elsewhere/usr/bin" && ln -sfn "$root/usr/bin/qrgate" "$work/elsewhere/usr/bin/qrgate"
    render "$work/elsewhere" "$work/sheet-via-link.pdf"
    pdffonts "$work/sheet-via-link.pdf" | grep -qE '\+DejaVuSans ' || fail "started through a link, the program did not find its fonts"

    bare=$work/no-assets && rm -rf "$bare" && mkdir -p "$bare/usr/bin"
    cp "$root/usr/bin/qrgate" "$bare/usr/bin/"
    render "$bare" "$work/sheet-without-fonts.pdf" || true
    if [ -f "$work/sheet-without-fonts.pdf" ] && pdffonts "$work/sheet-without-fonts.pdf" | grep -q DejaVuSans; then
        fail "the control found DejaVu without the package's fonts: the check above proves nothing here"
    fi
    echo "DejaVu embedded from the prefix; absent without it"
    ;;

lintian)
    deb=$(the_deb)
    # Full output (every tag, with explanations off) for the log; errors fail the test.
    lintian --fail-on error --display-info --tag-display-limit 0 "$deb"
    ;;

metadata)
    appstreamcli validate --no-net "$root/usr/share/metainfo/org.qrgate.Qrgate.metainfo.xml"
    for entry in org.qrgate.Qrgate org.qrgate.Qrgate.Kiosk; do
        desktop-file-validate "$root/usr/share/applications/$entry.desktop"
    done
    grep -qx 'Exec=qrgate kiosk' "$root/usr/share/applications/org.qrgate.Qrgate.Kiosk.desktop" || fail "kiosk entry does not start the kiosk"
    for size in 48 128 256; do
        png=$root/usr/share/icons/hicolor/${size}x${size}/apps/org.qrgate.Qrgate.png
        [ "$(identify -format '%wx%h' "$png")" = "${size}x${size}" ] || fail "$png is not ${size}x${size}"
    done
    [ -f "$root/usr/share/icons/hicolor/scalable/apps/org.qrgate.Qrgate.svg" ] || fail "no scalable icon"
    man=$(MANWIDTH=80 man -l "$root/usr/share/man/man1/qrgate.1.gz" 2>/dev/null | col -b)
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS EXAMPLES FILES "SEE ALSO"; do
        grep -qx "$section" <<<"$man" || fail "man page has no $section section"
    done
    grep -q 'qrgate - offline QR ticket check-in' <<<"$man" || fail "man page NAME line"
    grep -qF 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
        "$root/usr/share/doc/qrgate/copyright" || fail "copyright is not machine-readable"
    echo "metainfo, desktop entries, icons, man page and copyright are right"
    ;;

*)
    echo "usage: $0 build|control|runs|fonts|lintian|metadata BUILD_DIR WORK_DIR" >&2
    exit 2
    ;;
esac
