"""The record: the store (engine, tables, repositories, migrations) and the original documents."""
