"""esquema inicial

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bitacora",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("momento", sa.DateTime(), nullable=False),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.Column("instalacion", sa.String(length=36), nullable=False),
        sa.Column("accion", sa.String(length=40), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=True),
        sa.Column("clues", sa.String(length=11), nullable=True),
        sa.Column("objeto", sa.Text(), nullable=True),
        sa.Column("antes", sa.JSON(), nullable=True),
        sa.Column("despues", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bitacora")),
    )
    with op.batch_alter_table("bitacora", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bitacora_momento"), ["momento"], unique=False)

    op.create_table(
        "catalogo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("formato", sa.String(length=40), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        sa.Column("demostracion", sa.Boolean(), nullable=False),
        sa.Column("periodo_anio", sa.Integer(), nullable=False),
        sa.Column("periodo_inicio", sa.Date(), nullable=False),
        sa.Column("periodo_fin", sa.Date(), nullable=False),
        sa.Column("huella", sa.String(length=64), nullable=False),
        sa.Column("cargado_en", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogo")),
    )
    op.create_table(
        "causa",
        sa.Column("clave", sa.String(length=10), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_causa")),
    )
    op.create_table(
        "entidad",
        sa.Column("clave", sa.String(length=2), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("prefijo_clues", sa.String(length=2), nullable=False),
        sa.Column("abreviatura", sa.Text(), nullable=False),
        sa.Column("contrasena", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_entidad")),
        sa.UniqueConstraint("prefijo_clues", name=op.f("uq_entidad_prefijo_clues")),
    )
    op.create_table(
        "instalacion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("modo", sa.String(length=10), nullable=True),
        sa.Column("entidad_clave", sa.String(length=2), nullable=True),
        sa.Column("clues", sa.String(length=11), nullable=True),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.Column("configurada_en", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instalacion")),
    )
    op.create_table(
        "institucion",
        sa.Column("clave", sa.String(length=3), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_institucion")),
    )
    op.create_table(
        "intento_contrasena",
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("fallos", sa.Integer(), nullable=False),
        sa.Column("ultimo_fallo", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("entidad_clave", name=op.f("pk_intento_contrasena")),
    )
    op.create_table(
        "servicio",
        sa.Column("clave", sa.String(length=20), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_servicio")),
    )
    op.create_table(
        "adjunto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("archivo", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("tamano", sa.Integer(), nullable=False),
        sa.Column("nombre_original", sa.Text(), nullable=False),
        sa.Column("subido_en", sa.DateTime(), nullable=False),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entidad_clave"], ["entidad.clave"], name=op.f("fk_adjunto_entidad_clave_entidad")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjunto")),
    )
    with op.batch_alter_table("adjunto", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adjunto_entidad_clave"), ["entidad_clave"], unique=False
        )

    op.create_table(
        "estado_entidad",
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("respuesta", sa.String(length=2), nullable=True),
        sa.Column("respondida_en", sa.DateTime(), nullable=True),
        sa.Column("respondida_por", sa.Text(), nullable=False),
        sa.Column("finalizada", sa.Boolean(), nullable=False),
        sa.Column("finalizada_en", sa.DateTime(), nullable=True),
        sa.Column("finalizada_por", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "respuesta IS NULL OR respuesta IN ('si', 'no')",
            name=op.f("ck_estado_entidad_respuesta"),
        ),
        sa.ForeignKeyConstraint(
            ["entidad_clave"],
            ["entidad.clave"],
            name=op.f("fk_estado_entidad_entidad_clave_entidad"),
        ),
        sa.PrimaryKeyConstraint("entidad_clave", name=op.f("pk_estado_entidad")),
    )
    op.create_table(
        "grupo",
        sa.Column("clave", sa.String(length=20), nullable=False),
        sa.Column("servicio_clave", sa.String(length=20), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["servicio_clave"], ["servicio.clave"], name=op.f("fk_grupo_servicio_clave_servicio")
        ),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_grupo")),
    )
    op.create_table(
        "municipio",
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("clave", sa.String(length=3), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entidad_clave"], ["entidad.clave"], name=op.f("fk_municipio_entidad_clave_entidad")
        ),
        sa.PrimaryKeyConstraint("entidad_clave", "clave", name=op.f("pk_municipio")),
    )
    op.create_table(
        "reapertura",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("clues", sa.String(length=11), nullable=True),
        sa.Column("motivo", sa.Text(), nullable=False),
        sa.Column("momento", sa.DateTime(), nullable=False),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entidad_clave"], ["entidad.clave"], name=op.f("fk_reapertura_entidad_clave_entidad")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reapertura")),
    )
    with op.batch_alter_table("reapertura", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reapertura_entidad_clave"), ["entidad_clave"], unique=False
        )

    op.create_table(
        "especialidad",
        sa.Column("clave", sa.String(length=20), nullable=False),
        sa.Column("grupo_clave", sa.String(length=20), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grupo_clave"], ["grupo.clave"], name=op.f("fk_especialidad_grupo_clave_grupo")
        ),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_especialidad")),
    )
    with op.batch_alter_table("especialidad", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_especialidad_grupo_clave"), ["grupo_clave"], unique=False
        )

    op.create_table(
        "unidad",
        sa.Column("clues", sa.String(length=11), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("nombre_plegado", sa.Text(), nullable=False),
        sa.Column("entidad_clave", sa.String(length=2), nullable=False),
        sa.Column("municipio_clave", sa.String(length=3), nullable=True),
        sa.Column("localidad", sa.Text(), nullable=False),
        sa.Column("nivel", sa.String(length=20), nullable=False),
        sa.Column("institucion_clave", sa.String(length=3), nullable=False),
        sa.Column("latitud", sa.Double(), nullable=True),
        sa.Column("longitud", sa.Double(), nullable=True),
        sa.Column("estatus", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entidad_clave", "municipio_clave"],
            ["municipio.entidad_clave", "municipio.clave"],
            name="fk_unidad_municipio",
        ),
        sa.ForeignKeyConstraint(
            ["entidad_clave"], ["entidad.clave"], name=op.f("fk_unidad_entidad_clave_entidad")
        ),
        sa.ForeignKeyConstraint(
            ["institucion_clave"],
            ["institucion.clave"],
            name=op.f("fk_unidad_institucion_clave_institucion"),
        ),
        sa.PrimaryKeyConstraint("clues", name=op.f("pk_unidad")),
    )
    with op.batch_alter_table("unidad", schema=None) as batch_op:
        batch_op.create_index("ix_unidad_entidad_nivel", ["entidad_clave", "nivel"], unique=False)

    op.create_table(
        "estado_unidad",
        sa.Column("clues", sa.String(length=11), nullable=False),
        sa.Column("finalizada", sa.Boolean(), nullable=False),
        sa.Column("finalizada_en", sa.DateTime(), nullable=True),
        sa.Column("finalizada_por", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clues"], ["unidad.clues"], name=op.f("fk_estado_unidad_clues_unidad")
        ),
        sa.PrimaryKeyConstraint("clues", name=op.f("pk_estado_unidad")),
    )
    op.create_table(
        "producto",
        sa.Column("clave", sa.String(length=20), nullable=False),
        sa.Column("especialidad_clave", sa.String(length=20), nullable=False),
        sa.Column("nombre", sa.Text(), nullable=False),
        sa.Column("nombre_plegado", sa.Text(), nullable=False),
        sa.Column("unidad_medida", sa.Text(), nullable=False),
        sa.Column("tipo_costo", sa.Text(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("vigente", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["especialidad_clave"],
            ["especialidad.clave"],
            name=op.f("fk_producto_especialidad_clave_especialidad"),
        ),
        sa.PrimaryKeyConstraint("clave", name=op.f("pk_producto")),
    )
    with op.batch_alter_table("producto", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_producto_especialidad_clave"), ["especialidad_clave"], unique=False
        )

    op.create_table(
        "captura",
        sa.Column("clues", sa.String(length=11), nullable=False),
        sa.Column("producto_clave", sa.String(length=20), nullable=False),
        sa.Column("tipo", sa.String(length=9), nullable=False),
        sa.Column("ambulatorio", sa.Integer(), nullable=True),
        sa.Column("hospitalario", sa.Integer(), nullable=True),
        sa.Column("causa_clave", sa.String(length=10), nullable=True),
        sa.Column("pacientes", sa.Integer(), nullable=False),
        sa.Column("creada_en", sa.DateTime(), nullable=False),
        sa.Column("modificada_en", sa.DateTime(), nullable=False),
        sa.Column("persona", sa.Text(), nullable=False),
        sa.Column("paquete_id", sa.String(length=36), nullable=True),
        sa.CheckConstraint(
            "(tipo = 'faltante' AND causa_clave IS NOT NULL) OR (tipo = 'excedente' AND causa_clave IS NULL)",
            name=op.f("ck_captura_causa"),
        ),
        sa.CheckConstraint("tipo IN ('faltante', 'excedente')", name=op.f("ck_captura_tipo")),
        sa.CheckConstraint(
            "ambulatorio IS NOT NULL OR hospitalario IS NOT NULL", name=op.f("ck_captura_cantidad")
        ),
        sa.CheckConstraint(
            "ambulatorio IS NULL OR ambulatorio >= 1", name=op.f("ck_captura_ambulatorio")
        ),
        sa.CheckConstraint(
            "hospitalario IS NULL OR hospitalario >= 1", name=op.f("ck_captura_hospitalario")
        ),
        sa.CheckConstraint("pacientes >= 1", name=op.f("ck_captura_pacientes")),
        sa.ForeignKeyConstraint(
            ["causa_clave"], ["causa.clave"], name=op.f("fk_captura_causa_clave_causa")
        ),
        sa.ForeignKeyConstraint(["clues"], ["unidad.clues"], name=op.f("fk_captura_clues_unidad")),
        sa.ForeignKeyConstraint(
            ["producto_clave"], ["producto.clave"], name=op.f("fk_captura_producto_clave_producto")
        ),
        sa.PrimaryKeyConstraint("clues", "producto_clave", "tipo", name=op.f("pk_captura")),
    )


def downgrade() -> None:
    op.drop_table("captura")
    with op.batch_alter_table("producto", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_producto_especialidad_clave"))

    op.drop_table("producto")
    op.drop_table("estado_unidad")
    with op.batch_alter_table("unidad", schema=None) as batch_op:
        batch_op.drop_index("ix_unidad_entidad_nivel")

    op.drop_table("unidad")
    with op.batch_alter_table("especialidad", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_especialidad_grupo_clave"))

    op.drop_table("especialidad")
    with op.batch_alter_table("reapertura", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reapertura_entidad_clave"))

    op.drop_table("reapertura")
    op.drop_table("municipio")
    op.drop_table("grupo")
    op.drop_table("estado_entidad")
    with op.batch_alter_table("adjunto", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adjunto_entidad_clave"))

    op.drop_table("adjunto")
    op.drop_table("servicio")
    op.drop_table("intento_contrasena")
    op.drop_table("institucion")
    op.drop_table("instalacion")
    op.drop_table("entidad")
    op.drop_table("causa")
    op.drop_table("catalogo")
    with op.batch_alter_table("bitacora", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bitacora_momento"))

    op.drop_table("bitacora")
