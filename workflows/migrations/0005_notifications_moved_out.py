# The notification models moved to the notifications app (notifications/migrations/0001_initial.py).
# Their tables held development data only, so they are dropped here and created afresh there.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_plan_cycle"),
    ]

    operations = [
        migrations.DeleteModel(name="Notification"),
        migrations.DeleteModel(name="NotificationEvent"),
        migrations.DeleteModel(name="NotificationPreference"),
        migrations.DeleteModel(name="Subscription"),
    ]
