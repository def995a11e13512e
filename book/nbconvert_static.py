# Configuration for nbconvert's HTML export of a course notebook without a kernel:
#
#   jupyter nbconvert --config book/nbconvert_static.py --to html --execute notebooks/01_reservoirs_landauer.ipynb
#
# Every interactive figure and self-check question of the course carries, next to its widget
# view, a static version: the picture with its alt text and the disabled controls, and the
# question in HTML and JavaScript.  nbconvert's default order prefers the widget view, which
# needs the widget manager from a CDN and then shows controls that move nothing; this order
# shows the static versions instead.
c = get_config()  # noqa: F821
c.NbConvertBase.display_data_priority = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]
