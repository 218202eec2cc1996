package dev.hangar.marketplace.appliance;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders appliance descriptions (CommonMark) to HTML that is safe to insert into a page: raw HTML
 * in the markdown is escaped, not passed through, and link or image targets with schemes other than
 * http, https, mailto and data (images) are dropped, so a description cannot carry script.
 */
final class Markdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private Markdown() {}

  static String toSafeHtml(String markdown) {
    if (markdown == null || markdown.isBlank()) {
      return "";
    }
    return RENDERER.render(PARSER.parse(markdown));
  }
}
