"""Bar charts and the tile map of provinces, SVG drawn on the server: geometry here, markup in templates."""

import textwrap

from django import template

register = template.Library()

CHART_WIDTH = 480
VALUE_SPACE = 72
LINE_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
LABEL_CHARACTERS = 56

TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 56, 40, 4
#: Light to dark: a province without any initiative, then more and more of them.
TILE_FILLS = ["#f2f5f7", "#cfe5ec", "#8fc1d1", "#3e8ba3", "#074153"]
TILE_INKS = ["#4a5562", "#1b1f24", "#1b1f24", "#ffffff", "#ffffff"]


@register.inclusion_tag("stats/bar_chart.html")
def bar_chart(figure, heading_level=2):
    """A horizontal bar per category, its label above it (wrapped, for long labels) and its count after."""
    rows, y = [], 0
    usable = CHART_WIDTH - VALUE_SPACE
    for bar in figure.bars:
        lines = textwrap.wrap(bar.label, LABEL_CHARACTERS) or [""]
        label_lines = [(line, y + LINE_HEIGHT * (number + 1) - 4) for number, line in enumerate(lines)]
        bar_y = y + LINE_HEIGHT * len(lines) + 2
        width = round(usable * bar.value / figure.highest) if figure.highest else 0
        rows.append(
            {
                "bar": bar,
                "label_lines": label_lines,
                "bar_y": bar_y,
                "bar_width": max(width, 1 if bar.value else 0),
                "value_x": width + 6,
                "value_y": bar_y + BAR_HEIGHT - 3,
            }
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return {
        "figure": figure,
        "rows": rows,
        "width": CHART_WIDTH,
        "height": max(y, 1),
        "bar_height": BAR_HEIGHT,
        "heading_level": heading_level,
    }


@register.inclusion_tag("stats/province_map.html")
def province_map(province_map):
    tiles = [
        {
            "tile": tile,
            "x": tile.column * (TILE_WIDTH + TILE_GAP),
            "y": tile.row * (TILE_HEIGHT + TILE_GAP),
            "fill": TILE_FILLS[tile.shade],
            "ink": TILE_INKS[tile.shade],
        }
        for tile in province_map.tiles
    ]
    columns = 1 + max((tile.column for tile in province_map.tiles), default=0)
    rows = 1 + max((tile.row for tile in province_map.tiles), default=0)
    return {
        "map": province_map,
        "figure": province_map.figure,
        "tiles": tiles,
        "tile_width": TILE_WIDTH,
        "tile_height": TILE_HEIGHT,
        "width": columns * (TILE_WIDTH + TILE_GAP) - TILE_GAP,
        "height": rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP,
        "legend": list(zip(TILE_FILLS, TILE_INKS, strict=True)),
    }
