"""The strategic part of the demo plan: priorities → measures → activities from data/strategy.json.

Kept on its own so a change of how the strategic part is stored touches only this module.
"""

from decimal import Decimal

from cms.models import ServiceType, StrategicPartPage, TargetGroup, set_strategy

from .cms import child, main_target_groups
from .data import fill, items, load, stream
from .registry import step

# Organisations named generically in the data get the territory's name.
LOCAL_ORGANISATIONS = {"Město"}


def strategy_blocks(demo):
    """The demo plan's priorities → measures → activities, as `cms.models.set_strategy` takes them."""
    target_groups = {tg.code: tg.pk for tg in TargetGroup.objects.all()}
    service_types = {st.code: st.pk for st in ServiceType.objects.all()}
    short_name = demo.spec["short_name"]
    priorities = []
    for p_number, priority in enumerate(load("strategy"), start=1):
        measures = []
        for m_number, measure in enumerate(priority["measures"], start=1):
            activities = []
            for a_number, activity in enumerate(measure["activities"], start=1):
                title = activity["title"]
                organisation = activity["responsible_organisation"]
                if organisation in LOCAL_ORGANISATIONS:
                    organisation = f"{organisation} {short_name}"
                activities.append(
                    {
                        "number": a_number,
                        "title": title,
                        "description": f"<p>{title} – aktivita opatření {p_number}.{m_number} na území {short_name}.</p>",
                        "responsible_organisation": organisation,
                        "year_from": activity["years"][0],
                        "year_to": activity["years"][1],
                        "estimated_cost": str(Decimal(activity["estimated_cost"])),
                        "funding_sources": items(
                            [{"source": f["source"], "amount": str(f["amount"])} for f in activity["funding_sources"]]
                        ),
                        "indicators": items(
                            [{key: str(value) for key, value in i.items()} for i in activity["indicators"]]
                        ),
                        "target_groups": items(
                            [target_groups[c] for c in activity["target_groups"] if c in target_groups]
                        ),
                        "service_types": items(
                            [service_types[c] for c in activity["service_types"] if c in service_types]
                        ),
                    }
                )
            measures.append(
                {
                    "number": m_number,
                    "title": measure["title"],
                    "description": f"<p>{measure['title']}.</p>",
                    "activities": items(activities),
                }
            )
        priorities.append(
            {
                "type": "priority",
                "value": {
                    "number": p_number,
                    "title": priority["title"],
                    "description": f"<p>{priority['description']}</p>",
                    "measures": items(measures),
                },
            }
        )
    return stream(priorities)


@step(order=35)
def strategic_part(demo):
    """The plan's strategic part, once."""
    data = fill(load("pages")["strategic_part"], demo.text_vars())
    if child(demo.plan, StrategicPartPage, data["slug"]) is not None:
        return
    part = StrategicPartPage(
        title=data["title"],
        slug=data["slug"],
        number=data["number"],
        lead=data["lead"],
        responsible_group=demo.bodies[data["responsible_group"]],
        body=stream(data["body"]),
    )
    set_strategy(part, strategy_blocks(demo))
    demo.plan.add_child(instance=part)
    part.target_groups.set(TargetGroup.objects.filter(code__in=main_target_groups()))
    part.save_revision().publish()
