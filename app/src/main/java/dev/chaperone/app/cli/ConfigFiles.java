package dev.chaperone.app.cli;

import dev.chaperone.app.AppOptions;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigException;
import dev.chaperone.config.ConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The two configuration files a command reads: IT's and the user's (a picocli mixin). */
final class ConfigFiles {
    @Option(names = "--machine-file", description = "IT's file (default: ${DEFAULT-VALUE}).")
    Path machine = AppOptions.defaults().machineConfig();

    @Option(names = "--user-file", description = "The user's file (default: under $XDG_CONFIG_HOME/chaperone).")
    Path user = AppOptions.defaults().paths().userConfig();

    ChaperoneConfig load() throws ConfigException {
        return ConfigLoader.load(machine, user);
    }
}
