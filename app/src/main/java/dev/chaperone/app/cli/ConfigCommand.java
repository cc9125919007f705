package dev.chaperone.app.cli;

import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigException;
import dev.chaperone.core.session.TaskTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Collection;
import java.util.concurrent.Callable;

/** {@code chaperone config show}: the effective configuration and where each value came from. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show the effective configuration.", subcommands = ConfigCommand.Show.class)
public final class ConfigCommand {
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the effective configuration and where each value came from "
            + "(IT's file, the user's file, or the default). Exit code 2 if a file is broken.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigFiles files = new ConfigFiles();

        @Override
        public Integer call() {
            ChaperoneConfig c;
            try {
                c = files.load();
            } catch (ConfigException e) {
                System.err.println("Broken configuration: " + e.getMessage());
                System.err.println("Chaperone starts, but runs no session until this is fixed.");
                return 2;
            }
            System.out.println("IT's file:   " + files.machine);
            System.out.println("user's file: " + files.user);
            if (c.isEmbedded()) {
                System.out.println("mode: embedded (a local broker and the demo portal; no broker is configured)");
            } else {
                ChaperoneConfig.Broker b = c.broker().orElseThrow();
                System.out.println("mode: broker");
                line(c, "broker.issuer", b.issuer());
                line(c, "broker.assistantClientId", b.assistantClientId());
                line(c, "broker.assistantKey", b.assistantKey().pkcs12File().map(p -> "PKCS#12 " + p)
                        .or(() -> b.assistantKey().jwkFile().map(p -> "JWK " + p)).orElse("generated per user"));
                line(c, "broker.harmlessScopes", sorted(b.harmlessScopes()));
                line(c, "broker.dpop", b.dpop().name().toLowerCase());
                c.signIn().ifPresent(s -> {
                    line(c, "signIn.clientId", s.clientId());
                    line(c, "signIn.scopes", sorted(s.scopes()));
                    line(c, "signIn.method", s.method().name().toLowerCase());
                });
                for (TaskTarget t : c.targets()) {
                    line(c, "targets", t.id() + " \"" + t.title() + "\" " + t.origins() + " audience=" + t.audience()
                            + t.resource().map(r -> " resource=" + r).orElse("") + " read=" + sorted(t.readScopes())
                            + " write=" + sorted(t.writeScopes()) + " sensitivity=" + t.sensitivity());
                }
            }
            line(c, "promptTimeoutSeconds", c.promptTimeout().toSeconds());
            line(c, "idleTimeoutSeconds", c.idleTimeout().toSeconds());
            line(c, "browser.allowUncontained", c.engine().allowUncontained());
            line(c, "browser.maxEngineAgeDays", c.engine().maxEngineAgeDays().map(String::valueOf).orElse("(no limit)"));
            line(c, "browser.jitless", c.engine().jitless());
            return 0;
        }

        private static String sorted(Collection<String> values) {
            return String.join(" ", values.stream().sorted().toList());
        }

        /** Values from IT's file (the one given with --machine-file, if any) are marked as managed. */
        private void line(ChaperoneConfig c, String field, Object value) {
            String source = c.sourceOf(field);
            boolean managed = source.equals(files.machine.toString());
            System.out.printf("  %-26s %s   [%s%s]%n", field, value, managed ? "managed: " : "", source);
        }
    }
}
