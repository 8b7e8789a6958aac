"""The web application and the HTTP API (``rashomon serve``)."""
