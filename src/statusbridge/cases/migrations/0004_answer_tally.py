from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_federal_primaries"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnswerTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(help_text="The disclosure day (the service's today).")),
                ("agency", models.SlugField(max_length=80)),
                ("purpose", models.SlugField(max_length=80)),
                (
                    "input_kind",
                    models.CharField(
                        help_text='Identifiers given, e.g. "ssn", "a_number+certificate", "none".',
                        max_length=60,
                    ),
                ),
                ("response_code", models.CharField(max_length=40)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "ordering": ["day", "agency", "purpose", "input_kind", "response_code"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "agency", "purpose", "input_kind", "response_code"),
                        name="one_tally_per_kind_and_code",
                    )
                ],
            },
        ),
    ]
