#!/bin/bash
# Chaperone's launcher for one Chromium child process (CefSettings.browser_subprocess_path).
# ChildLauncher writes it at each start with this run's paths (mode 0700, in the run's private
# folder). It never falls back to an unsandboxed start: when bubblewrap cannot start its sandbox,
# the child does not start, and Chromium reports the failure.
set -u
BWRAP=@BWRAP@
ENGINE=@ENGINE@
HELPER=@HELPER@
PROFILE=@PROFILE@
CHROMIUM_SANDBOX=@CHROMIUM_SANDBOX@

type= sub= unsandboxed_zygote= no_sandbox=
for arg in "$@"; do
  case "$arg" in
    --no-sandbox) no_sandbox=1 ;;
    --type=*) type=${arg#--type=} ;;
    --utility-sub-type=*) sub=${arg#--utility-sub-type=} ;;
    --no-zygote-sandbox) unsandboxed_zygote=1 ;;
  esac
done

if [ "$CHROMIUM_SANDBOX" = 1 ] && [ "$type" = zygote ] && [ -z "$unsandboxed_zygote" ] && [ -z "$no_sandbox" ]; then
  # The renderers' zygote: Chromium has already put it in its own user, PID and network
  # namespaces and will chroot and seccomp each renderer. Inside bubblewrap its handshake with the
  # browser fails (it must be PID 1 of its namespace), so Chromium's sandbox holds it alone. Never
  # when the switch that turns that sandbox off is there: then it goes into bubblewrap below.
  exec "$HELPER" "$@"
fi

sandbox=(--die-with-parent --unshare-user-try --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try
  --ro-bind /usr /usr
  --ro-bind-try /etc/fonts /etc/fonts --ro-bind-try /etc/ssl /etc/ssl --ro-bind-try /etc/ca-certificates /etc/ca-certificates
  --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache --ro-bind-try /etc/localtime /etc/localtime
  --ro-bind-try /etc/alternatives /etc/alternatives --ro-bind-try /var/cache/fontconfig /var/cache/fontconfig
  --ro-bind /sys /sys --proc /proc --dev /dev --tmpfs /tmp --ro-bind "$ENGINE" "$ENGINE"
  --unsetenv DBUS_SESSION_BUS_ADDRESS --unsetenv DBUS_SYSTEM_BUS_ADDRESS --unsetenv XAUTHORITY
  --unsetenv SSH_AUTH_SOCK --unsetenv GNOME_KEYRING_CONTROL --setenv HOME /nonexistent --chdir /)

# /lib, /bin and the like as this system has them: links into /usr where /usr is merged, folders where not.
for top in /bin /sbin /lib /lib32 /lib64 /libx32; do
  if [ -L "$top" ]; then
    sandbox+=(--symlink "$(readlink "$top")" "$top")
  elif [ -d "$top" ]; then
    sandbox+=(--ro-bind "$top" "$top")
  fi
done

case "$type:$sub" in
  utility:network.mojom.NetworkService)
    # The one child that talks to the network: to the egress proxy on loopback, nothing else.
    sandbox+=(--bind "$PROFILE" "$PROFILE" --ro-bind-try /etc/resolv.conf /etc/resolv.conf
      --ro-bind-try /etc/hosts /etc/hosts --ro-bind-try /etc/nsswitch.conf /etc/nsswitch.conf) ;;
  zygote:)
    if [ -n "$unsandboxed_zygote" ]; then
      # Forks the GPU process and the storage service, which keeps the session's (in-memory) profile.
      sandbox+=(--unshare-net --bind "$PROFILE" "$PROFILE")
    else
      sandbox+=(--unshare-net)
    fi ;;
  *)
    sandbox+=(--unshare-net) ;;
esac

exec "$BWRAP" "${sandbox[@]}" "$HELPER" "$@"
