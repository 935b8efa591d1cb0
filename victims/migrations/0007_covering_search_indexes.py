
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0002_public_ids_for_organisations_and_citations'),
        ('victims', '0006_search_level_on_name_variants'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='namevariant',
            name='variant_surname_given',
        ),
        migrations.RemoveIndex(
            model_name='namevariant',
            name='variant_given_patr',
        ),
        migrations.RemoveIndex(
            model_name='namevariant',
            name='variant_patronymic',
        ),
        migrations.RemoveIndex(
            model_name='namevariant',
            name='variant_surname_patr',
        ),
        migrations.AddIndex(
            model_name='namevariant',
            index=models.Index(fields=['surname_key', 'given_key'], include=('patronymic_key', 'id', 'person_id', 'searchable_at', 'script', 'is_primary'), name='variant_surname_given_cover'),
        ),
        migrations.AddIndex(
            model_name='namevariant',
            index=models.Index(fields=['given_key', 'patronymic_key'], include=('surname_key', 'id', 'person_id', 'searchable_at', 'script', 'is_primary'), name='variant_given_patr_cover'),
        ),
        migrations.AddIndex(
            model_name='namevariant',
            index=models.Index(fields=['surname_key', 'patronymic_key'], include=('given_key', 'id', 'person_id', 'searchable_at', 'script', 'is_primary'), name='variant_surname_patr_cover'),
        ),
        migrations.AddIndex(
            model_name='namevariant',
            index=models.Index(fields=['patronymic_key'], include=('surname_key', 'given_key', 'id', 'person_id', 'searchable_at', 'script', 'is_primary'), name='variant_patronymic_cover'),
        ),
    ]
