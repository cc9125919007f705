package dev.chaperone.browser.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Chromium's child processes of one app process, read from {@code /proc} as a security reviewer
 * reads them: from outside, never by asking Chromium. Test code; shared with the app's test that
 * starts the real app as an ordinary user.
 */
public record ChromiumChildren(long appPid, List<Child> children) {
    /** One Chromium process (bubblewrap's own processes are left out). */
    public record Child(long pid, List<String> argv, boolean rendererZygoteOrRenderer) {
        public boolean has(String argument) {
            return argv.contains(argument);
        }

        public boolean isNetworkService() {
            return has("--utility-sub-type=network.mojom.NetworkService");
        }

        public String describe() {
            return pid + " " + String.join(" ", argv.subList(0, Math.min(3, argv.size())));
        }

        /** {@code Seccomp:} of /proc/PID/status: 0 none, 2 a filter. */
        public int seccomp() throws IOException {
            return Integer.parseInt(field("Seccomp:"));
        }

        /** How many PID namespaces deep it is (1: the machine's own). */
        public int pidNamespaceDepth() throws IOException {
            return field("NSpid:").split("\\s+").length;
        }

        private String field(String name) throws IOException {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith(name)).findFirst().orElseThrow().substring(name.length()).strip();
        }

        public String namespace(String kind) throws IOException {
            return namespaceOf(pid, kind);
        }

        /**
         * What the process sees at {@code path}, from inside its own mount namespace and root:
         * true when the file is there for it. A root Chromium's sandbox made of a directory that
         * no longer exists (its chroot into a dead process's fdinfo) shows nothing at all.
         */
        public boolean sees(Path path) throws IOException {
            Path root = Path.of("/proc", Long.toString(pid), "root");
            try (Stream<Path> top = Files.list(root)) {
                top.count();
            } catch (NoSuchFileException gone) {
                return false;
            } catch (FileSystemException e) {
                if (e.getReason() != null && e.getReason().contains("No such process")) {
                    return false;
                }
                throw e;
            }
            return Files.exists(root.resolve(path.toAbsolutePath().toString().substring(1)));
        }
    }

    /** The Chromium processes under {@code appPid} now. */
    public static ChromiumChildren of(long appPid) throws IOException {
        List<ProcessHandle> all = ProcessHandle.of(appPid).orElseThrow().descendants().toList();
        java.util.Set<Long> underRendererZygote = new java.util.HashSet<>();
        java.util.List<Child> children = new java.util.ArrayList<>();
        for (ProcessHandle p : all) {
            List<String> argv = argv(p.pid());
            if (argv.isEmpty() || !argv.get(0).endsWith("jcef_helper")) {
                continue;
            }
            boolean rendererSide = argv.contains("--type=renderer") || (argv.contains("--type=zygote")
                    && !argv.contains("--no-zygote-sandbox"));
            if (rendererSide) {
                p.descendants().forEach(d -> underRendererZygote.add(d.pid()));
            }
            children.add(new Child(p.pid(), argv, rendererSide));
        }
        List<Child> marked = children.stream().map(c -> new Child(c.pid(), c.argv(),
                c.rendererZygoteOrRenderer() || underRendererZygote.contains(c.pid()))).toList();
        return new ChromiumChildren(appPid, marked);
    }

    /** The JVM a launcher (runuser, bubblewrap) started, or the launcher itself when it is the JVM. */
    public static long javaUnder(ProcessHandle launcher) {
        return launcher.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().map(ProcessHandle::pid).orElse(launcher.pid());
    }

    public static String namespaceOf(long pid, String kind) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", kind)).toString();
    }

    static List<String> argv(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String[] argv = new String(raw, StandardCharsets.UTF_8).split("\0");
            // A process that set its title (Chromium's children do) shows it as one string of words.
            return argv.length == 1 ? List.of(argv[0].strip().split(" +")) : List.of(argv);
        } catch (IOException gone) {
            return List.of();
        }
    }

    /**
     * Every fact the engine's containment promises, for every child: a child carries
     * {@code --no-sandbox} only inside bubblewrap; each is in bubblewrap or in Chromium's own
     * sandbox; none sees the files given; none but the network service shares the app's network;
     * and renderers run under seccomp when Chromium's sandbox is on.
     *
     * @return what fails, one line each; empty when everything holds
     */
    public List<String> containmentProblems(List<Path> secrets, boolean chromiumSandbox) throws IOException {
        List<String> problems = new java.util.ArrayList<>();
        String appMount = namespaceOf(appPid, "mnt");
        String appNet = namespaceOf(appPid, "net");
        for (Child c : children) {
            boolean inBubblewrap = !c.namespace("mnt").equals(appMount);
            boolean chrooted = !c.sees(Path.of("/usr"));
            if (c.has("--no-sandbox") && !inBubblewrap) {
                problems.add(c.describe() + ": --no-sandbox outside bubblewrap");
            }
            if (!inBubblewrap && !chrooted) {
                problems.add(c.describe() + ": neither in bubblewrap nor in Chromium's sandbox");
            }
            for (Path secret : secrets) {
                if (c.sees(secret)) {
                    problems.add(c.describe() + ": sees " + secret);
                }
            }
            if (!c.isNetworkService() && c.namespace("net").equals(appNet)) {
                problems.add(c.describe() + ": shares the app's network");
            }
            if (c.rendererZygoteOrRenderer() && c.pidNamespaceDepth() < 2) {
                problems.add(c.describe() + ": in the machine's own PID namespace");
            }
            if (chromiumSandbox && c.has("--type=renderer") && c.seccomp() != 2) {
                problems.add(c.describe() + ": a renderer without seccomp");
            }
        }
        return problems;
    }
}
