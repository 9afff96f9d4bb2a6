"""The web pages: the office's review page and the leaders' progress page (tornado, Jinja2)."""
