package io.segstream.analysis.report;

import java.util.List;
import java.util.Locale;

/** A small HTML builder for the report: escaping, tables, figures. */
final class Html {

    private final StringBuilder out = new StringBuilder(1 << 20);

    Html raw(String s) {
        out.append(s);
        return this;
    }

    Html text(String s) {
        out.append(escape(s));
        return this;
    }

    Html section(String id, String title, String intro) {
        out.append("<section id=\"").append(id).append("\"><h2>").append(escape(title)).append("</h2>");
        if (intro != null) {
            out.append("<p class=\"intro\">").append(intro).append("</p>");
        }
        return this;
    }

    Html end() {
        out.append("</section>\n");
        return this;
    }

    Html p(String html) {
        out.append("<p>").append(html).append("</p>");
        return this;
    }

    Html figure(String dataUri, String alt, String caption) {
        out.append("<figure><img src=\"").append(dataUri).append("\" alt=\"").append(escape(alt)).append("\">");
        if (caption != null) {
            out.append("<figcaption>").append(caption).append("</figcaption>");
        }
        out.append("</figure>");
        return this;
    }

    Html grid(List<String> dataUris, List<String> alts) {
        out.append("<div class=\"grid\">");
        for (int i = 0; i < dataUris.size(); i++) {
            out.append("<img src=\"").append(dataUris.get(i)).append("\" alt=\"").append(escape(alts.get(i)))
                    .append("\">");
        }
        out.append("</div>");
        return this;
    }

    /** A table; cells are escaped; cells that look numeric are right-aligned. */
    Html table(List<String> header, List<List<String>> rows) {
        out.append("<div class=\"table\"><table><thead><tr>");
        for (String h : header) {
            out.append("<th>").append(escape(h)).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (String cell : row) {
                boolean num = cell.matches("[-+]?[0-9][0-9,.]*%?( ms)?|n/a");
                out.append(num ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table></div>");
        return this;
    }

    Html cards(List<String[]> cards) {
        out.append("<div class=\"cards\">");
        for (String[] c : cards) {
            out.append("<div class=\"card\"><div class=\"v\">").append(escape(c[0])).append("</div><div class=\"l\">")
                    .append(escape(c[1])).append("</div></div>");
        }
        out.append("</div>");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String d(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
