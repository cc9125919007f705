import me.friwi.jcefmaven.CefAppBuilder;

import java.io.File;

/**
 * Build step of the Linux packages: unpacks Chromium from the bundled natives jar (the class path)
 * into the folder the package ships, so the installed app never unpacks anything into a home
 * folder. Run with the app's jars on the class path: {@code java -cp <jars> PrepareChromium.java DIR}.
 */
public class PrepareChromium {
    public static void main(String[] args) throws Exception {
        CefAppBuilder builder = new CefAppBuilder();
        builder.setInstallDir(new File(args[0]));
        builder.setMirrors(java.util.List.of());
        builder.install();
        System.out.println("Chromium unpacked into " + args[0]);
    }
}
