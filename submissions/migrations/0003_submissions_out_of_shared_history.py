
import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0002_moderators_review_submissions'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='attachmentevent',
            name='pgh_context',
        ),
        migrations.RemoveField(
            model_name='attachmentevent',
            name='pgh_obj',
        ),
        migrations.RemoveField(
            model_name='attachmentevent',
            name='submission',
        ),
        migrations.RemoveField(
            model_name='submissionevent',
            name='partner',
        ),
        migrations.RemoveField(
            model_name='submissionevent',
            name='person',
        ),
        migrations.RemoveField(
            model_name='submissionevent',
            name='pgh_context',
        ),
        migrations.RemoveField(
            model_name='submissionevent',
            name='pgh_obj',
        ),
        migrations.RemoveField(
            model_name='submissionevent',
            name='region',
        ),
        migrations.RemoveField(
            model_name='submissionevent',
            name='testimony_source',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='attachment',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='attachment',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='attachment',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='submission',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='submission',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='submission',
            name='delete_delete',
        ),
        migrations.DeleteModel(
            name='AttachmentEvent',
        ),
        migrations.DeleteModel(
            name='SubmissionEvent',
        ),
    ]
