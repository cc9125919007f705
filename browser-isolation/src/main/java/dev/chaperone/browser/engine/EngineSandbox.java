package dev.chaperone.browser.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Finds out whether this machine can contain Chromium's children, by trying: bubblewrap must
 * start a sandbox here (it needs unprivileged user namespaces, which a sysctl or Ubuntu's
 * AppArmor restriction can take away), and Chromium's own sandbox needs an ordinary user.
 *
 * <p>JCEF starts Chromium with {@code --no-sandbox} on every child. Measured on Debian 12 (see
 * README, "The engine"): with that switch taken off the browser process's command line, Chromium's
 * own Linux sandbox runs inside JCEF (renderers, GPU and storage under seccomp-bpf in their own
 * user, PID and network namespaces, off-screen rendering unaffected); the children it leaves
 * unsandboxed on Linux (the network service, the zygote that forks GPU and utilities) then go into
 * bubblewrap. As root Chromium refuses its own sandbox, so every child goes into bubblewrap.
 */
public final class EngineSandbox {
    /** Never looked up on PATH: a launcher found there could be anybody's. */
    public static final Path BWRAP = Path.of("/usr/bin/bwrap");
    private static final long TRY_SECONDS = 10;

    private EngineSandbox() {
    }

    /** This machine, this user. */
    public static Availability check() {
        return check(List.of(BWRAP.toString()), isRoot());
    }

    /**
     * @param bwrap the command that runs bubblewrap (tests put it inside a namespace that may make no other)
     * @param root  whether the app runs as root
     */
    static Availability check(List<String> bwrap, boolean root) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Availability.missing("the engine's sandbox is built for Linux only in this version",
                    "run Chaperone on Linux, or let IT allow an uncontained engine (browser.allowUncontained)");
        }
        Path executable = Path.of(bwrap.get(bwrap.size() - 1));
        if (!Files.isExecutable(executable)) {
            return Availability.missing("bubblewrap is not installed (" + executable + ")",
                    "install the bubblewrap package (Debian/Ubuntu: apt-get install bubblewrap; Fedora/RHEL: dnf install bubblewrap)");
        }
        List<String> trial = new ArrayList<>(bwrap);
        // The same namespaces the launcher asks for; a user namespace explicitly unless root, since
        // Chromium's own sandbox needs one too.
        trial.addAll(List.of(root ? "--unshare-user-try" : "--unshare-user", "--unshare-pid", "--unshare-ipc",
                "--unshare-net", "--unshare-uts", "--die-with-parent", "--ro-bind", "/usr", "/usr"));
        trial.addAll(systemFolders());
        trial.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "/usr/bin/true"));
        String failure = run(trial);
        if (!failure.isEmpty()) {
            return Availability.missing("bubblewrap cannot make a sandbox here (" + failure + ")",
                    "allow unprivileged user namespaces (sysctl user.max_user_namespaces=15000 and, on Debian, "
                            + "kernel.unprivileged_userns_clone=1); on Ubuntu 24.04 and later allow them for "
                            + BWRAP + " with an AppArmor profile (kernel.apparmor_restrict_unprivileged_userns)");
        }
        if (root) {
            return new Availability(true, false, "", "", "Chromium does not run its own sandbox as root");
        }
        return new Availability(true, true, "", "", "");
    }

    /**
     * {@code /lib}, {@code /bin} and the like as this system has them (the launcher does the same):
     * links into {@code /usr} where it is merged, read-only folders where not.
     */
    static List<String> systemFolders() {
        List<String> args = new ArrayList<>();
        for (String top : List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")) {
            Path path = Path.of(top);
            try {
                if (Files.isSymbolicLink(path)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } else if (Files.isDirectory(path)) {
                    args.addAll(List.of("--ro-bind", top, top));
                }
            } catch (IOException e) {
                // Unreadable: left out, and the trial shows whether the sandbox works without it.
            }
        }
        return args;
    }

    /** Empty when the command exited 0; otherwise what went wrong, in a line. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(TRY_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer in " + TRY_SECONDS + " s";
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() == 0) {
                return "";
            }
            String first = out.lines().findFirst().orElse("");
            return first.isEmpty() ? "exit " + process.exitValue() : first;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
