OBJECTS = {
    "site_id": lambda world: world.site.pk,
}
