/* font_metrics.c - the text widths Graphviz lays graph labels out with: a
 * textlayout plugin that measures with the advance widths of DejaVu Sans,
 * the font the SVG names first. Graphviz's own estimate uses Helvetica's
 * (Arial's) widths, but a browser without Helvetica draws the text in its
 * sans-serif, on Linux DejaVu Sans, up to 15% wider: labels overflowed
 * their boxes (issue 13). DejaVu Sans is as wide as the sans-serif fonts
 * get (Verdana, named next, is its match on other systems; Helvetica and
 * Arial are narrower), so the text fits whichever of them a browser picks,
 * and the layout stays the same on every machine (no fontconfig, no
 * Pango). The tables come from tools/font_widths.py. */
#include "render/svg/font_metrics.h"

#include <gvplugin.h>
#include <gvplugin_textlayout.h>
#include <string.h>

struct wide {
	unsigned cp;
	unsigned short w;
};

/* clang-format off */
/* DejaVu Sans book: DejaVuSans.ttf */
static const unsigned short book_latin[224] = {
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
	636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
	1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
	603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
	500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
	635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500,
	500, 838, 401, 401, 500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 531,
	684, 684, 684, 684, 684, 684, 974, 698, 632, 632, 632, 632, 295, 295, 295, 295,
	775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630,
	613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278,
	612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
};
static const struct wide book_other[] = {
	{0x2013, 500},
	{0x2014, 1000},
	{0x2018, 318},
	{0x2019, 318},
	{0x201C, 518},
	{0x201D, 518},
	{0x2022, 590},
	{0x2026, 1000},
	{0x2192, 838},
	{0x25A3, 945},
};
/* DejaVu Sans bold: DejaVuSans-Bold.ttf */
static const unsigned short bold_latin[224] = {
	348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
	696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
	1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
	733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
	500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
	716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	348, 456, 696, 696, 636, 696, 365, 500, 500, 1000, 564, 646, 838, 415, 1000, 500,
	500, 838, 438, 438, 500, 736, 636, 380, 500, 438, 564, 646, 1035, 1035, 1035, 580,
	774, 774, 774, 774, 774, 774, 1085, 734, 683, 683, 683, 683, 372, 372, 372, 372,
	838, 837, 850, 850, 850, 850, 850, 838, 850, 812, 812, 812, 812, 724, 738, 719,
	675, 675, 675, 675, 675, 675, 1048, 593, 678, 678, 678, 678, 343, 343, 343, 343,
	687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712, 652, 716, 652,
};
static const struct wide bold_other[] = {
	{0x2013, 500},
	{0x2014, 1000},
	{0x2018, 380},
	{0x2019, 380},
	{0x201C, 657},
	{0x201D, 657},
	{0x2022, 639},
	{0x2026, 1000},
	{0x2192, 838},
	{0x25A3, 945},
};
/* clang-format on */

/* The advance of code point cp in thousandths of an em. */
static unsigned advance(unsigned cp, bool bold)
{
	const unsigned short *latin = bold ? bold_latin : book_latin;
	const struct wide *other = bold ? bold_other : book_other;
	size_t nother = bold ? TD_ARRAY_LEN(bold_other) : TD_ARRAY_LEN(book_other);
	if (cp >= 0x20 && cp < 0x100)
		return latin[cp - 0x20];
	for (size_t i = 0; i < nother; i++)
		if (other[i].cp == cp)
			return other[i].w;
	if (cp >= 0x2E80) /* CJK, emoji and the like: a full em */
		return 1000;
	return latin['M' - 0x20]; /* an unknown letter: as wide as a wide one */
}

/* Decodes one UTF-8 sequence at *s (advancing it); a bad byte is itself. */
static unsigned next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned c = *p++;
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (more)
		c &= 0x3F >> more;
	for (; more && (*p & 0xC0) == 0x80; more--)
		c = c << 6 | (*p++ & 0x3F);
	*s = p;
	return c;
}

double td_text_width(const char *s, double fontsize, bool bold)
{
	unsigned total = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p)
		total += advance(next_cp(&p), bold);
	return total * fontsize / 1000.0;
}

/* Graphviz's textlayout entry: the size of one line of text. */
static boolean measure(textspan_t *span, char **fontpath)
{
	double size = span->font ? span->font->size : 14;
	bool bold = span->font &&
	            ((span->font->flags & HTML_BF) || (span->font->name && strstr(span->font->name, "Bold")));
	span->size.x = td_text_width(span->str ? span->str : "", size, bold);
	span->size.y = size * 1.2; /* Graphviz's LINESPACING */
	span->yoffset_layout = 0;
	span->yoffset_centerline = 0.1 * size;
	span->layout = NULL;
	span->free_layout = NULL;
	if (fontpath)
		*fontpath = NULL;
	return TRUE;
}

static gvtextlayout_engine_t engine = {measure};
static gvplugin_installed_t types[] = {{0, "textlayout", 10, &engine, NULL}, {0, NULL, 0, NULL, NULL}};
static gvplugin_api_t apis[] = {{API_textlayout, types}, {(api_t)0, NULL}};
gvplugin_library_t gvplugin_taskdoc_text_LTX_library = {"taskdoc_text", apis};
