import pgtrigger.compiler
import pgtrigger.migrations
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0001_sources_citations_figures'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='citation',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='citation',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='citation',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='organisation',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='organisation',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='organisation',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='citation',
            name='uuid',
            field=models.UUIDField(editable=False, null=True, verbose_name='public id'),
        ),
        # Each existing row its own public id (a column default gives all the same one).
        migrations.RunSQL(
            "UPDATE sources_citation SET uuid = gen_random_uuid() WHERE uuid IS NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='citation',
            name='uuid',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='public id'),
        ),
        migrations.AddField(
            model_name='citationevent',
            name='uuid',
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name='public id'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='uuid',
            field=models.UUIDField(editable=False, null=True, verbose_name='public id'),
        ),
        # Each existing row its own public id (a column default gives all the same one).
        migrations.RunSQL(
            "UPDATE sources_organisation SET uuid = gen_random_uuid() WHERE uuid IS NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='organisation',
            name='uuid',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='public id'),
        ),
        migrations.AddField(
            model_name='organisationevent',
            name='uuid',
            field=models.UUIDField(default=uuid.uuid4, editable=False, verbose_name='public id'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='citation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "sources_citationevent" ("content_type_id", "created_at", "id", "locator", "note", "object_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source_id", "uuid") VALUES (NEW."content_type_id", NEW."created_at", NEW."id", NEW."locator", NEW."note", NEW."object_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."source_id", NEW."uuid"); RETURN NULL;', hash='c9b65d87e2971dfb15708a54ebd642598eb6b12e', operation='INSERT', pgid='pgtrigger_insert_insert_a56d3', table='sources_citation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='citation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "sources_citationevent" ("content_type_id", "created_at", "id", "locator", "note", "object_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source_id", "uuid") VALUES (NEW."content_type_id", NEW."created_at", NEW."id", NEW."locator", NEW."note", NEW."object_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."source_id", NEW."uuid"); RETURN NULL;', hash='1386ab3e34ade90308b6f7341ab4155023040006', operation='UPDATE', pgid='pgtrigger_update_update_f1b25', table='sources_citation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='citation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "sources_citationevent" ("content_type_id", "created_at", "id", "locator", "note", "object_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source_id", "uuid") VALUES (OLD."content_type_id", OLD."created_at", OLD."id", OLD."locator", OLD."note", OLD."object_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."source_id", OLD."uuid"); RETURN NULL;', hash='701cabf2649dea3536dabd6c891e86a57449ae41', operation='DELETE', pgid='pgtrigger_delete_delete_00c85', table='sources_citation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='organisation',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "sources_organisationevent" ("id", "kind", "name", "name_kk", "name_ru", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "url", "uuid") VALUES (NEW."id", NEW."kind", NEW."name", NEW."name_kk", NEW."name_ru", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."url", NEW."uuid"); RETURN NULL;', hash='165a42709c51d367d1c5a5ed263f440c75fac2e6', operation='INSERT', pgid='pgtrigger_insert_insert_b06b4', table='sources_organisation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='organisation',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "sources_organisationevent" ("id", "kind", "name", "name_kk", "name_ru", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "url", "uuid") VALUES (NEW."id", NEW."kind", NEW."name", NEW."name_kk", NEW."name_ru", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."url", NEW."uuid"); RETURN NULL;', hash='d50b2fdb0421f5de30860517ecc7a547e9cdad71', operation='UPDATE', pgid='pgtrigger_update_update_d5dc4', table='sources_organisation', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='organisation',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "sources_organisationevent" ("id", "kind", "name", "name_kk", "name_ru", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "url", "uuid") VALUES (OLD."id", OLD."kind", OLD."name", OLD."name_kk", OLD."name_ru", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."url", OLD."uuid"); RETURN NULL;', hash='89e2d074fe379648729716bb0b0752591a4d5688', operation='DELETE', pgid='pgtrigger_delete_delete_239d7', table='sources_organisation', when='AFTER')),
        ),
    ]
