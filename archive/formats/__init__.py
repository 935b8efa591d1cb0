"""Date and number formats for Kazakh and Russian (settings.FORMAT_MODULE_PATH).
Django ships none for Kazakh, so its dates fell back to English order ("Қаң. 4,
2022"); what a module leaves out comes from Django's own locale."""
