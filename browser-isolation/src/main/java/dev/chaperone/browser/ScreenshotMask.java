package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a screenshot fit to hand to a model: password fields and anything on screen shaped like a
 * secret (the same shapes the snapshot masks) are painted over, and a large image is scaled down
 * to a size cap. The boxes come from a script run in an isolated world, where page script cannot
 * replace the functions it uses.
 */
final class ScreenshotMask {
    static final int MAX_WIDTH = 1280;
    static final int MAX_HEIGHT = 1280;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Returns the boxes (x, y, width, height in CSS pixels of the viewport) that must not be shown. */
    static String boxesScript() {
        return "(function(){var re=new RegExp(" + quote(AxSnapshot.SECRET_SHAPE) + ",'g');var out=[];"
                + "function add(r){if(r.width>0&&r.height>0){out.push([r.left,r.top,r.width,r.height]);}}"
                + "document.querySelectorAll('input[type=password]').forEach(function(e){add(e.getBoundingClientRect());});"
                + "var w=document.createTreeWalker(document.body||document.documentElement,NodeFilter.SHOW_TEXT);var n;"
                + "while((n=w.nextNode())){var t=n.nodeValue;var m;re.lastIndex=0;"
                + "while((m=re.exec(t))){var range=document.createRange();range.setStart(n,m.index);"
                + "range.setEnd(n,m.index+m[0].length);var rs=range.getClientRects();for(var i=0;i<rs.length;i++){add(rs[i]);}}}"
                + "document.querySelectorAll('input,textarea').forEach(function(e){re.lastIndex=0;"
                + "if(re.test(e.value||'')){add(e.getBoundingClientRect());}});"
                + "return JSON.stringify(out);})()";
    }

    /** Paints the boxes over and scales down past the cap; says in {@code note} what was done. */
    static Masked apply(byte[] png, String boxesJson) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        if (image == null) {
            throw new IOException("the screenshot is not a PNG image");
        }
        List<String> notes = new ArrayList<>();
        JsonNode boxes = JSON.readTree(boxesJson);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.BLACK);
        for (JsonNode b : boxes) {
            g.fillRect((int) Math.floor(b.get(0).asDouble()) - 2, (int) Math.floor(b.get(1).asDouble()) - 2,
                    (int) Math.ceil(b.get(2).asDouble()) + 4, (int) Math.ceil(b.get(3).asDouble()) + 4);
        }
        g.dispose();
        if (!boxes.isEmpty()) {
            notes.add(boxes.size() + " password field(s) or secret-shaped text painted over");
        }
        if (image.getWidth() > MAX_WIDTH || image.getHeight() > MAX_HEIGHT) {
            double scale = Math.min((double) MAX_WIDTH / image.getWidth(), (double) MAX_HEIGHT / image.getHeight());
            BufferedImage smaller = new BufferedImage((int) (image.getWidth() * scale), (int) (image.getHeight() * scale),
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D s = smaller.createGraphics();
            s.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            s.drawImage(image, 0, 0, smaller.getWidth(), smaller.getHeight(), null);
            s.dispose();
            notes.add("scaled from " + image.getWidth() + "x" + image.getHeight() + " to " + smaller.getWidth() + "x"
                    + smaller.getHeight());
            image = smaller;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return new Masked(out.toByteArray(), notes);
    }

    record Masked(byte[] png, List<String> notes) {}

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
