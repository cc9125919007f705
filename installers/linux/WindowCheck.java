import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Waits until the installed Chaperone's window shows a running session on the demo portal: the
 * banner's blue (#1f3b70), and below it a page that drew text (dark pixels), not a blank browser. Prints the seconds it
 * took, saves the screenshot, exits 1 if the screen stayed blank or showed no session.
 * {@code java WindowCheck.java SECONDS SHOT.png}
 */
public class WindowCheck {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long until = start + Long.parseLong(args[0]) * 1_000_000_000L;
        Robot robot = new Robot();
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        BufferedImage shot = null;
        int colours = 0;
        int banner = 0;
        int text = 0;
        while (System.nanoTime() < until) {
            shot = robot.createScreenCapture(screen);
            Set<Integer> seen = new HashSet<>();
            banner = 0;
            text = 0;
            int bannerBottom = Integer.MAX_VALUE;
            for (int y = 0; y < shot.getHeight(); y += 2) {
                for (int x = 0; x < shot.getWidth(); x += 2) {
                    int rgb = shot.getRGB(x, y) & 0xffffff;
                    seen.add(rgb);
                    if (rgb == 0x1f3b70) {
                        banner++;
                        bannerBottom = y;
                    } else if (y > bannerBottom + 10 && (rgb >> 16) < 90 && ((rgb >> 8) & 0xff) < 90 && (rgb & 0xff) < 90
                            && rgb != 0) {
                        // Dark but not the black desktop around the window: the page's text.
                        text++;
                    }
                }
            }
            colours = seen.size();
            if (shows(banner, text, colours)) {
                break;
            }
            Thread.sleep(200);
        }
        ImageIO.write(shot, "png", new File(args[1]));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (shows(banner, text, colours)) {
            System.out.printf("window-check: the session's window on a drawn page after %.1f s (%d colours, %d text pixels)%n",
                    seconds, colours, text);
        } else {
            System.out.printf("window-check: no session window on a drawn page after %.1f s (%d colours, %d banner pixels, "
                    + "%d text pixels); see %s%n", seconds, colours, banner, text, args[1]);
            System.exit(1);
        }
    }

    private static boolean shows(int banner, int text, int colours) {
        return banner > 1000 && text > 300 && colours > 40;
    }
}
