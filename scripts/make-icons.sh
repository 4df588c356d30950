#!/usr/bin/env sh
# Regenerates the app icons from resources/icon.svg (the only hand-made icon file):
#   resources/icons/NxN.png  Linux icon set (electron-builder reads the sizes from the names)
#   resources/icon.png       512 px, window icon and fallback
#   resources/icon.ico       Windows (NSIS, portable)
#   resources/icon.icns      macOS (dmg)
# Needs rsvg-convert, icotool and png2icns: apt-get install librsvg2-bin icoutils icnsutils
set -eu
cd "$(dirname "$0")/../resources"
mkdir -p icons
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" icon.svg -o "icons/${size}x${size}.png"
done
cp icons/512x512.png icon.png
# The 256 px image is stored as PNG (-r), as Windows Vista+ expects and to keep the file small.
icotool -c -o icon.ico icons/16x16.png icons/24x24.png icons/32x32.png icons/48x48.png icons/64x64.png icons/128x128.png -r icons/256x256.png
# png2icns knows 16, 32, 48, 128, 256 and 512 px.
png2icns icon.icns icons/16x16.png icons/32x32.png icons/48x48.png icons/128x128.png icons/256x256.png icons/512x512.png >/dev/null
echo "icons written to $(pwd)"
