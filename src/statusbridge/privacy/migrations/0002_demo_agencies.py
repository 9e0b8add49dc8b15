"""A fresh data home has the two demo agencies the contract names, each with an agreement."""

from datetime import date

from django.db import migrations

DEMO = [
    {
        "slug": "demo-election-office",
        "name": "Demo County Election Office",
        "purpose": "voter-list-maintenance",
        "description": "Confirming the citizenship of registered voters. Can lead to removal "
        "from the roll, so anything short of confirmed citizenship goes to additional "
        "verification and the status itself is never disclosed.",
        "adverse_action": True,
        "receives_status": False,
    },
    {
        "slug": "demo-benefits-agency",
        "name": "Demo State Benefits Agency",
        "purpose": "benefit-eligibility",
        "description": "Determining eligibility for a public benefit; the agency may receive the "
        "immigration status itself.",
        "adverse_action": False,
        "receives_status": True,
    },
]


def create(apps, schema_editor):
    Agency = apps.get_model("privacy", "Agency")
    Agreement = apps.get_model("privacy", "Agreement")
    for demo in DEMO:
        agency, _ = Agency.objects.get_or_create(slug=demo["slug"], defaults={"name": demo["name"]})
        Agreement.objects.get_or_create(
            agency=agency,
            purpose=demo["purpose"],
            valid_from=date(2025, 1, 1),
            defaults={
                "description": demo["description"],
                "adverse_action": demo["adverse_action"],
                "receives_status": demo["receives_status"],
                "valid_until": date(2030, 12, 31),
            },
        )


def remove(apps, schema_editor):
    apps.get_model("privacy", "Agreement").objects.filter(
        agency__slug__in=[d["slug"] for d in DEMO]
    ).delete()
    apps.get_model("privacy", "Agency").objects.filter(slug__in=[d["slug"] for d in DEMO]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
