"""Stage 6, evaluation: how well kgqa and its baselines answer.

Owns question files (``questions``), the systems compared (``systems``), the harness that runs and
scores them (``harness``) and their reports (``report``). Metrics are the leaf module
``kgqa.metrics``. May import everything before it, the facade included.
"""
