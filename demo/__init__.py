"""The demo: two fictional Czech territories built by `manage.py load_demo` (dev and test only).

The top layer of the project: it may import every app, and no app imports it.
Production settings do not install it, so nothing here runs in production.

Layout
    data/*.json     the content (territories and accounts, people, chapters, strategy, pages);
                    texts may hold `{placeholders}` filled per territory (registry.DemoTerritory.text_vars)
    registry.py     `@step(order)` and `DemoTerritory`, what the steps of one territory share
    loader.py       `build_demo()`: taxonomy, admin, then every step for every territory, in one transaction
    cms.py, people.py, strategy.py, library.py, review.py, meetings.py   one module per app's part

How to add your app's demo
    1. Write the app's public functions first (create a catalogue entry, start a consultation, ...);
       the demo calls them like any other caller and does not reach into the app's internals.
    2. Add `demo/<app>.py` with one or more steps::

           from .registry import step

           @step(order=80)
           def catalogue(demo):
               '''Why this part of the demo exists (one line).'''
               if already_there(demo.territory):   # idempotent: a second run changes nothing
                   return
               build_it(demo.territory, demo.plan, demo.coordinator)

       `demo` is a `DemoTerritory`: spec (its entry in data/territories.json), territory, site, plan,
       bodies (slug -> PlanningBody), users (role -> users), coordinator, admin, password, port.
       Orders taken: 10 territory/site/bodies, 20 accounts/members, 30 plan/chapters,
       35 strategic part, 40 news, 45 contact/statement, 50 documents, 60 review workflow, 70 meetings.
       Pick a free number after the steps whose results you read.
    3. Put texts in `demo/data/<app>.json` and read them with `demo.data.load("<app>")`.
    4. Nothing to register elsewhere: DemoConfig.ready() imports every module of this package.
       tests/test_loaders.py loads the whole demo twice and compares counts; add your models to its
       DEMO_MODELS so idempotency is checked for them too.
"""
