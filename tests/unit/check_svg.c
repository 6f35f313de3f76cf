/* check_svg.c - what the SVG charts share (render/svg/svg.c): escaping,
 * round axis steps, the value-to-height mapping, the value grid, and that
 * a chart's frame and style sheet are whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "render/svg/svg.h"

static void test_escape(void **state) {
  (void)state;
  td_buf b = TD_BUF_INIT;
  td_svg_xml_escape(&b, "a<b>&\"c'd é");
  assert_string_equal(td_buf_cstr(&b), "a&lt;b&gt;&amp;&quot;c&#39;d é");
  td_svg_xml_escape(&b, NULL);
  assert_string_equal(td_buf_cstr(&b), "a&lt;b&gt;&amp;&quot;c&#39;d é");
  td_buf_free(&b);
}

static void test_nice_step(void **state) {
  (void)state;
  /* in at most 5 steps, with 2.5 (the burn-down chart) */
  assert_true(td_svg_nice_step(100, 5, true) == 20);
  assert_true(td_svg_nice_step(120, 5, true) == 25);
  assert_true(td_svg_nice_step(126, 5, true) == 50);
  assert_true(td_svg_nice_step(7, 5, true) == 2);
  assert_true(td_svg_nice_step(0, 5, true) == 1);
  assert_true(td_svg_nice_step(-3, 5, true) == 1);
  /* in at most 4 steps, without 2.5 (the trend chart) */
  assert_true(td_svg_nice_step(100, 4, false) == 50);
  assert_true(td_svg_nice_step(8, 4, false) == 2);
  assert_true(td_svg_nice_step(10, 4, false) == 5);
  assert_true(td_svg_nice_step(0.4, 4, false) == 0.1);
}

static void test_y(void **state) {
  (void)state;
  td_svg_frame f = {100, 100, 10, 10, 20, 30};
  td_svg_axis a = {0, 10, 5};
  assert_true(td_svg_y(&f, &a, 0) == 70);  /* the bottom of the plot */
  assert_true(td_svg_y(&f, &a, 10) == 20); /* its top */
  assert_true(td_svg_y(&f, &a, 5) == 45);
  td_svg_axis b = {-10, 10, 5};
  assert_true(td_svg_y(&f, &b, 0) == 45);
}

static void label(td_buf *out, double v, const void *ud) {
  td_buf_printf(out, "%s%.0f", (const char *)ud, v);
}

static void test_grid(void **state) {
  (void)state;
  td_svg_frame f = {100, 100, 10, 10, 20, 30};
  td_svg_axis a = {0, 10, 5};
  td_buf b = TD_BUF_INIT;
  td_svg_value_grid(&b, &f, &a, 6, label, "v");
  assert_string_equal(
      td_buf_cstr(&b),
      "<line class=\"grid\" x1=\"10.0\" y1=\"70.0\" x2=\"90.0\" y2=\"70.0\"/>"
      "<text x=\"4.0\" y=\"74.0\" text-anchor=\"end\">v0</text>"
      "<line class=\"grid\" x1=\"10.0\" y1=\"45.0\" x2=\"90.0\" y2=\"45.0\"/>"
      "<text x=\"4.0\" y=\"49.0\" text-anchor=\"end\">v5</text>"
      "<line class=\"grid\" x1=\"10.0\" y1=\"20.0\" x2=\"90.0\" y2=\"20.0\"/>"
      "<text x=\"4.0\" y=\"24.0\" text-anchor=\"end\">v10</text>");
  td_buf_free(&b);
}

static void test_open(void **state) {
  (void)state;
  td_svg_frame f = {200, 100, 10, 10, 20, 30};
  td_svg_css css = {".x{fill:red}", ".x{fill:blue}"};
  td_buf b = TD_BUF_INIT;
  td_svg_open(&b, &f, &css, "id", "T &amp; t", "D");
  const char *s = td_buf_cstr(&b);
  assert_non_null(
      strstr(s, "viewBox=\"0 0 200 100\" width=\"200\" height=\"100\""));
  assert_non_null(strstr(s, "aria-labelledby=\"id-title id-desc\">"
                            "<title id=\"id-title\">T &amp; t</title><desc "
                            "id=\"id-desc\">D</desc><style>"));
  assert_non_null(strstr(s, ".x{fill:red}@media (prefers-color-scheme:dark){"));
  assert_non_null(strstr(s, ".x{fill:blue}}</style><rect class=\"bg\""));
  assert_non_null(strstr(s, "width=\"199\" height=\"99\" rx=\"6\"/>"));
  td_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_escape), cmocka_unit_test(test_nice_step),
      cmocka_unit_test(test_y),      cmocka_unit_test(test_grid),
      cmocka_unit_test(test_open),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
