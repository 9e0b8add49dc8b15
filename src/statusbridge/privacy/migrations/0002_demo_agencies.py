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
        "fields": ["evidence"],
        "reference": "MOA-DEMO-ELECTION-2025",
    },
    {
        "slug": "demo-benefits-agency",
        "name": "Demo State Benefits Agency",
        "purpose": "benefit-eligibility",
        "description": "Determining eligibility for a public benefit; the agency may receive the "
        "immigration status itself.",
        "adverse_action": False,
        "fields": ["status", "status_since", "evidence"],
        "reference": "MOA-DEMO-BENEFITS-2025",
    },
]


def create(apps, schema_editor):
    Agency = apps.get_model("privacy", "Agency")
    Agreement = apps.get_model("privacy", "Agreement")
    Matching = apps.get_model("privacy", "ComputerMatchingAgreement")
    for demo in DEMO:
        agency, _ = Agency.objects.get_or_create(slug=demo["slug"], defaults={"name": demo["name"]})
        Agreement.objects.get_or_create(
            agency=agency,
            purpose=demo["purpose"],
            valid_from=date(2025, 1, 1),
            defaults={
                "reference": demo["reference"],
                "description": demo["description"],
                "adverse_action": demo["adverse_action"],
                "fields": demo["fields"],
                "identifier_types": ["ssn", "ssn_last4", "a_number", "certificate_number"],
                "max_rows_per_file": 25_000_000,
                "signatories": "Demo signatories (synthetic)",
                "valid_until": date(2030, 12, 31),
            },
        )
        # 18 months from Nov 1, 2025, renewed once for 12 months (5 U.S.C. 552a(o)(2)(C)-(D)).
        Matching.objects.get_or_create(
            agency=agency,
            title=f"Demo matching program: {demo['purpose']}",
            defaults={
                "transmitted_on": date(2025, 10, 1),
                "effective_on": date(2025, 11, 1),
                "expires_on": date(2027, 5, 1),
                "renewed_until": date(2028, 4, 30),
            },
        )


def remove(apps, schema_editor):
    apps.get_model("privacy", "ComputerMatchingAgreement").objects.filter(
        agency__slug__in=[d["slug"] for d in DEMO]
    ).delete()
    apps.get_model("privacy", "Agreement").objects.filter(
        agency__slug__in=[d["slug"] for d in DEMO]
    ).delete()
    apps.get_model("privacy", "Agency").objects.filter(slug__in=[d["slug"] for d in DEMO]).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
