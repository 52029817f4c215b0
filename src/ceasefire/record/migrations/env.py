"""Alembic environment: runs on the connection the store hands over (never builds its own engine)."""

from alembic import context

from ceasefire.record.tables import Base, in_schema_of

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_object=in_schema_of(connection.dialect.name),
)
with context.begin_transaction():
    context.run_migrations()
