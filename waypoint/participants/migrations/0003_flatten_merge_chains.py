"""Point every merged record straight at the record finally kept.

Before this, merging B into C left A (merged into B earlier) pointing at B. Searches
followed the chain; reports look one step only, so the chain is flattened here and
``merge_participants`` keeps it flat from now on.
"""

from django.db import migrations


def flatten(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    merged = Participant._base_manager.filter(merged_into__isnull=False)
    target = dict(merged.values_list("pk", "merged_into_id"))
    for pk in target:
        final, seen = target[pk], {pk}
        while final in target and final not in seen:
            seen.add(final)
            final = target[final]
        if final != target[pk]:
            merged.filter(pk=pk).update(merged_into_id=final)


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_uic_settings_consents_cards")]

    operations = [migrations.RunPython(flatten, migrations.RunPython.noop)]
