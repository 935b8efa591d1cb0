import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('victims', '0005_name_key_vocabulary'),
    ]

    operations = [
        migrations.AddField(
            model_name='namevariant',
            name='searchable_at',
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='namevariant',
            trigger=pgtrigger.compiler.Trigger(name='variant_searchable_at', sql=pgtrigger.compiler.UpsertTriggerSql(func="NEW.searchable_at := (SELECT CASE WHEN p.retracted_at IS NOT NULL THEN NULL ELSE GREATEST(CASE p.visibility WHEN 'public' THEN 0 WHEN 'partners' THEN 1 WHEN 'staff' THEN 2 END, CASE WHEN p.naming = 'full' THEN 0 ELSE CASE p.details_visibility WHEN 'public' THEN 0 WHEN 'partners' THEN 1 WHEN 'staff' THEN 2 END END) END FROM victims_person p WHERE p.id = NEW.person_id); RETURN NEW;", hash='6d4cd3421d22415df2f5b36c56033bee4ea31825', operation='INSERT OR UPDATE OF "person_id"', pgid='pgtrigger_variant_searchable_at_91818', table='victims_namevariant', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='person',
            trigger=pgtrigger.compiler.Trigger(name='person_variants_searchable_at', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."details_visibility" IS DISTINCT FROM (NEW."details_visibility") OR OLD."naming" IS DISTINCT FROM (NEW."naming") OR OLD."retracted_at" IS DISTINCT FROM (NEW."retracted_at") OR OLD."visibility" IS DISTINCT FROM (NEW."visibility"))', func="UPDATE victims_namevariant SET searchable_at = CASE WHEN NEW.retracted_at IS NOT NULL THEN NULL ELSE GREATEST(CASE NEW.visibility WHEN 'public' THEN 0 WHEN 'partners' THEN 1 WHEN 'staff' THEN 2 END, CASE WHEN NEW.naming = 'full' THEN 0 ELSE CASE NEW.details_visibility WHEN 'public' THEN 0 WHEN 'partners' THEN 1 WHEN 'staff' THEN 2 END END) END WHERE person_id = NEW.id; RETURN NULL;", hash='31c85347f9491323f1043a775525bc22ca67c829', operation='UPDATE', pgid='pgtrigger_person_variants_searchable_at_50c09', table='victims_person', when='AFTER')),
        ),
        # Every existing spelling gets its level (the triggers keep it from now on).
        migrations.RunSQL(
            "UPDATE victims_namevariant v SET searchable_at = CASE WHEN p.retracted_at"
            " IS NOT NULL THEN NULL ELSE GREATEST(CASE p.visibility WHEN 'public' THEN 0"
            " WHEN 'partners' THEN 1 WHEN 'staff' THEN 2 END, CASE WHEN p.naming = 'full'"
            " THEN 0 ELSE CASE p.details_visibility WHEN 'public' THEN 0 WHEN 'partners'"
            " THEN 1 WHEN 'staff' THEN 2 END END) END"
            " FROM victims_person p WHERE p.id = v.person_id",
            migrations.RunSQL.noop,
        ),
    ]
