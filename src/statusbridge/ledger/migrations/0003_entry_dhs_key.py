from django.db import migrations, models


class Migration(migrations.Migration):
    """Entries name the DHS record an answer identified (format 2), so a person's accounting can
    be found by A-number as well as by SSN. Existing entries name none."""

    dependencies = [
        ("ledger", "0002_person_index_filled_after_release"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="dhs_key",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                help_text="The DHS record's key.",
                max_length=64,
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="person_key",
            field=models.CharField(blank=True, help_text="The SSA holder's key.", max_length=64),
        ),
    ]
