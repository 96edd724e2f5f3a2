"""paquetes firmados: secuencia de exportaciones, llaves registradas,
paquetes importados (procedencia) y su bitácora

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Only new tables: a database at 0001 keeps every row as it is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "llave_registrada",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("origen", sa.String(length=11), nullable=False),
        sa.Column("alcance", sa.String(length=7), nullable=False),
        sa.Column("llave_id", sa.String(length=64), nullable=False),
        sa.Column("huella", sa.String(length=39), nullable=False),
        sa.Column("llave_publica", sa.Text(), nullable=False),
        sa.Column("registrada_en", sa.DateTime(), nullable=False),
        sa.Column("registrada_por", sa.Text(), nullable=False),
        sa.Column("retirada_en", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_llave_registrada")),
    )
    with op.batch_alter_table("llave_registrada", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_llave_registrada_origen"), ["origen"], unique=False)

    op.create_table(
        "paquete_exportado",
        sa.Column("secuencia", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.Column("alcance", sa.String(length=7), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("clues", sa.String(length=11), nullable=True),
        sa.Column("llave_id", sa.String(length=64), nullable=False),
        sa.Column("registros", sa.Integer(), nullable=False),
        sa.Column("creado_en", sa.DateTime(), nullable=False),
        sa.Column("destino", sa.Text(), nullable=False),
        sa.Column("archivo_sha256", sa.String(length=64), nullable=True),
        sa.Column("terminado_en", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "estado IN ('en_curso', 'completo', 'interrumpido')",
            name=op.f("ck_paquete_exportado_estado"),
        ),
        sa.PrimaryKeyConstraint("secuencia", name=op.f("pk_paquete_exportado")),
        sa.UniqueConstraint("id", name=op.f("uq_paquete_exportado_id")),
    )
    op.create_table(
        "paquete_importado",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("alcance", sa.String(length=7), nullable=False),
        sa.Column("origen", sa.String(length=11), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("instalacion", sa.String(length=36), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("llave_id", sa.String(length=64), nullable=False),
        sa.Column("huella", sa.String(length=39), nullable=False),
        sa.Column("manifiesto_sha256", sa.String(length=64), nullable=False),
        sa.Column("archivo_sha256", sa.String(length=64), nullable=False),
        sa.Column("nombre_archivo", sa.Text(), nullable=False),
        sa.Column("programa", sa.String(length=60), nullable=False),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.Column("creado_en", sa.DateTime(), nullable=False),
        sa.Column("importado_en", sa.DateTime(), nullable=False),
        sa.Column("importado_por", sa.Text(), nullable=False),
        sa.Column("registros", sa.Integer(), nullable=False),
        sa.Column("finalizada", sa.Boolean(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.Column("estado", sa.JSON(), nullable=False),
        sa.Column("adjunto_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["adjunto_id"], ["adjunto.id"], name=op.f("fk_paquete_importado_adjunto_id_adjunto")
        ),
        sa.ForeignKeyConstraint(
            ["entidad_clave"],
            ["entidad.clave"],
            name=op.f("fk_paquete_importado_entidad_clave_entidad"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paquete_importado")),
    )
    with op.batch_alter_table("paquete_importado", schema=None) as batch_op:
        batch_op.create_index(
            "ix_paquete_importado_origen_vigente", ["origen", "vigente"], unique=False
        )

    op.create_table(
        "bitacora_importada",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paquete_id", sa.String(length=36), nullable=False),
        sa.Column("instalacion", sa.String(length=36), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("momento", sa.DateTime(), nullable=False),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.Column("accion", sa.String(length=40), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=True),
        sa.Column("clues", sa.String(length=11), nullable=True),
        sa.Column("objeto", sa.Text(), nullable=True),
        sa.Column("antes", sa.JSON(), nullable=True),
        sa.Column("despues", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["paquete_id"],
            ["paquete_importado.id"],
            name=op.f("fk_bitacora_importada_paquete_id_paquete_importado"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bitacora_importada")),
    )
    with op.batch_alter_table("bitacora_importada", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bitacora_importada_paquete_id"), ["paquete_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("bitacora_importada", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bitacora_importada_paquete_id"))

    op.drop_table("bitacora_importada")
    with op.batch_alter_table("paquete_importado", schema=None) as batch_op:
        batch_op.drop_index("ix_paquete_importado_origen_vigente")

    op.drop_table("paquete_importado")
    op.drop_table("paquete_exportado")
    with op.batch_alter_table("llave_registrada", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_llave_registrada_origen"))

    op.drop_table("llave_registrada")
