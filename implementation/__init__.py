"""The living plan: action plans, the project pool, monitoring of fulfilment, reports, versions, open data.

cms knows nothing of this app: it attaches to the public plan page through the
``triada_plan_sections`` hook and adds the action plan page type to the plan's
allowed children in ``ImplementationConfig.ready``.
"""
