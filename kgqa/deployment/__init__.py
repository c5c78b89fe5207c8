"""Stage 7, deployment: how people meet kgqa.

Owns the ``kgqa`` command (``cli``) and the HTTP API with its web page (``server``, ``web/``). Both
parse input, call the facade or another stage's function, and format the result. May import
everything before it.
"""
