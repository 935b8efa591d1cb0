"""The 17 regions and 3 cities of republican significance (as of 2022) and main towns.

Public ids are derived from the English name so that every installation shares them.
"""

import uuid

from django.db import migrations

NAMESPACE = uuid.UUID("4f1c7f0e-6a3b-4b9e-9d0a-2c1e7b5a9d10")

# (English, Kazakh, Russian)
REGIONS = [
    ("Abai Region", "Абай облысы", "Область Абай"),
    ("Akmola Region", "Ақмола облысы", "Акмолинская область"),
    ("Aktobe Region", "Ақтөбе облысы", "Актюбинская область"),
    ("Almaty Region", "Алматы облысы", "Алматинская область"),
    ("Atyrau Region", "Атырау облысы", "Атырауская область"),
    ("East Kazakhstan Region", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область"),
    ("Jambyl Region", "Жамбыл облысы", "Жамбылская область"),
    ("Jetisu Region", "Жетісу облысы", "Область Жетісу"),
    ("Karaganda Region", "Қарағанды облысы", "Карагандинская область"),
    ("Kostanay Region", "Қостанай облысы", "Костанайская область"),
    ("Kyzylorda Region", "Қызылорда облысы", "Кызылординская область"),
    ("Mangystau Region", "Маңғыстау облысы", "Мангистауская область"),
    ("North Kazakhstan Region", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область"),
    ("Pavlodar Region", "Павлодар облысы", "Павлодарская область"),
    ("Turkistan Region", "Түркістан облысы", "Туркестанская область"),
    ("Ulytau Region", "Ұлытау облысы", "Область Ұлытау"),
    ("West Kazakhstan Region", "Батыс Қазақстан облысы", "Западно-Казахстанская область"),
]

CITIES = [
    ("Astana", "Астана", "Астана"),
    ("Almaty", "Алматы", "Алматы"),
    ("Shymkent", "Шымкент", "Шымкент"),
]

# (English, Kazakh, Russian, region in English)
SETTLEMENTS = [
    ("Zhanaozen", "Жаңаөзен", "Жанаозен", "Mangystau Region"),
    ("Aktau", "Ақтау", "Актау", "Mangystau Region"),
    ("Beineu", "Бейнеу", "Бейнеу", "Mangystau Region"),
    ("Semey", "Семей", "Семей", "Abai Region"),
    ("Kokshetau", "Көкшетау", "Кокшетау", "Akmola Region"),
    ("Aktobe", "Ақтөбе", "Актобе", "Aktobe Region"),
    ("Konaev", "Қонаев", "Конаев", "Almaty Region"),
    ("Talgar", "Талғар", "Талгар", "Almaty Region"),
    ("Kaskelen", "Қаскелең", "Каскелен", "Almaty Region"),
    ("Esik", "Есік", "Есик", "Almaty Region"),
    ("Atyrau", "Атырау", "Атырау", "Atyrau Region"),
    ("Kulsary", "Құлсары", "Кульсары", "Atyrau Region"),
    ("Oskemen", "Өскемен", "Усть-Каменогорск", "East Kazakhstan Region"),
    ("Taraz", "Тараз", "Тараз", "Jambyl Region"),
    ("Taldykorgan", "Талдықорған", "Талдыкорган", "Jetisu Region"),
    ("Karaganda", "Қарағанды", "Караганда", "Karaganda Region"),
    ("Temirtau", "Теміртау", "Темиртау", "Karaganda Region"),
    ("Kostanay", "Қостанай", "Костанай", "Kostanay Region"),
    ("Kyzylorda", "Қызылорда", "Кызылорда", "Kyzylorda Region"),
    ("Petropavl", "Петропавл", "Петропавловск", "North Kazakhstan Region"),
    ("Pavlodar", "Павлодар", "Павлодар", "Pavlodar Region"),
    ("Ekibastuz", "Екібастұз", "Экибастуз", "Pavlodar Region"),
    ("Turkistan", "Түркістан", "Туркестан", "Turkistan Region"),
    ("Kentau", "Кентау", "Кентау", "Turkistan Region"),
    ("Zhezkazgan", "Жезқазған", "Жезказган", "Ulytau Region"),
    ("Oral", "Орал", "Уральск", "West Kazakhstan Region"),
]


def place_id(kind: str, name_en: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{name_en}")


def load(apps, schema_editor):
    Place = apps.get_model("victims", "Place")
    regions = {}
    for kind, rows in (("region", REGIONS), ("city", CITIES)):
        for en, kk, ru in rows:
            regions[en], _ = Place.objects.update_or_create(
                uuid=place_id(kind, en),
                defaults={"kind": kind, "name_en": en, "name_kk": kk, "name_ru": ru},
            )
    for en, kk, ru, region in SETTLEMENTS:
        Place.objects.update_or_create(
            uuid=place_id("settlement", en),
            defaults={
                "kind": "settlement",
                "name_en": en,
                "name_kk": kk,
                "name_ru": ru,
                "parent": regions[region],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("victims", "0001_people_places_events")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
