#!/usr/bin/env bash
# Builds Chaperone's Linux packages from a built tree (mvn -B -ntp -q -DskipTests install):
#   installers/target/chaperone_<version>_amd64.deb, and chaperone-<version>-1.x86_64.rpm when
#   rpmbuild is installed (package "rpm"). Needs fakeroot and binutils (jlink --strip-debug).
# The package holds a jlinked Java runtime with JavaFX (from the Maven linux jars, its native
# libraries inside the runtime) and Chromium already unpacked, so the installed app downloads and
# unpacks nothing into a home folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/installers/target"
work="$out/work"
lib="$root/app/target/lib"
app_jar=$(compgen -G "$root/app/target/chaperone-app-*.jar" | head -n 1 || true)
if [ -z "$app_jar" ] || [ ! -d "$lib" ]; then
  echo "build-packages: build the app first: mvn -B -ntp -q -DskipTests install" >&2
  exit 2
fi
version=$(basename "$app_jar" .jar | sed -e 's/^chaperone-app-//' -e 's/-SNAPSHOT$//')
rm -rf "$work"
mkdir -p "$work/input" "$out"

# The app's class path: every jar but JavaFX's, which goes into the runtime as modules, and the
# Chromium natives jar, which is unpacked below instead (shipping both would double 150 MB).
cp "$app_jar" "$work/input/"
find "$lib" -name '*.jar' ! -name 'javafx-*' ! -name 'jcef-natives-*' -exec cp {} "$work/input/" \;
natives=$(find "$lib" -name 'jcef-natives-*.jar' | head -n 1)
cp -r "$root/installers/examples" "$work/input/examples"
cp -r "$root/installers/linux/apparmor" "$work/input/apparmor"
cp "$root/policy/src/main/resources/dev/chaperone/policy/default.cedar" "$work/input/examples/policy.cedar.example"

# Chromium, unpacked now from the bundled natives jar.
java -cp "$(find "$work/input" -name '*.jar' | sort | paste -sd:):$natives" "$root/installers/linux/PrepareChromium.java" "$work/input/chromium"

# The runtime: the JDK modules the app uses, and JavaFX.
fx=$(find "$lib" -name 'javafx-*-linux.jar' | sort | paste -sd:)
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting
modules=$modules,java.security.jgss,java.security.sasl,java.sql,java.xml,java.xml.crypto,jdk.crypto.ec,jdk.crypto.cryptoki
modules=$modules,jdk.httpserver,jdk.unsupported,jdk.zipfs,jdk.charsets,jdk.localedata,jdk.naming.dns,jdk.net
# jdeps over the app's own jars names java.compiler and jdk.security.auth too (the OS user's name).
modules=$modules,java.compiler,java.instrument,jdk.security.auth,jdk.management
modules=$modules,javafx.base,javafx.graphics,javafx.controls
jlink --module-path "$fx" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --include-locales en --output "$work/runtime"
# JavaFX's native libraries beside the runtime's own, or JavaFX unpacks them into ~/.openjfx at first start.
for jar in $(find "$lib" -name 'javafx-*-linux.jar'); do
  (cd "$work/runtime/lib" && unzip -q -o -j "$jar" '*.so' 2>/dev/null || true)
done

# The JVM options every launcher uses, one --java-options each.
jvm=()
while read -r option; do jvm+=(--java-options "$option"); done < <(grep -v '^#' "$root/installers/jvm-options")

common=(--name chaperone --app-version "$version" --vendor "Chaperone"
  --description "A supervised browser of its own for an employee's AI assistant"
  --input "$work/input" --main-jar "$(basename "$app_jar")" --main-class dev.chaperone.app.Main
  --runtime-image "$work/runtime" --install-dir /opt
  --java-options "-Dchaperone.chromium.dir=\$APPDIR/chromium"
  "${jvm[@]}"
  --icon "$root/installers/linux/chaperone.png"
  --linux-menu-group "Network;Security" --linux-shortcut --linux-app-category net
  # bubblewrap: every Chromium child runs in it (README, "The engine"); without it no session starts.
  --linux-package-deps "libgtk-3-0, libnss3, libgbm1, libxss1, libasound2, bubblewrap"
  --resource-dir "$root/installers/linux/resources" --dest "$out")

rm -f "$out"/chaperone*.deb "$out"/chaperone*.rpm
start=$(date +%s)
jpackage --type deb --linux-deb-maintainer "it@example.org" "${common[@]}"
echo "build-packages: .deb in $(( $(date +%s) - start )) s: $(ls "$out"/*.deb)"
if command -v rpmbuild > /dev/null; then
  start=$(date +%s)
  # rpm names dependencies differently; the desktop libraries are in every desktop install.
  jpackage --type rpm --linux-rpm-license-type "Proprietary" \
    "${common[@]/libgtk-3-0, libnss3, libgbm1, libxss1, libasound2, bubblewrap/gtk3, nss, mesa-libgbm, libXScrnSaver, alsa-lib, bubblewrap}"
  echo "build-packages: .rpm in $(( $(date +%s) - start )) s: $(ls "$out"/*.rpm)"
fi
ls -l "$out"/chaperone*
