import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Directory sign-in (README, "Directory sign-in (LDAP / Active Directory)"):
 * - `users.sign_in_method`: how the user proves who they are: `local` (the product's own password, the default and
 *   what every existing user keeps), `directory` (a bind to LDAP / Active Directory), `oidc` (kept for OpenID
 *   Connect). Written by UsersService (libs/server/users).
 * - `directory_mapping_rules`: the ordered rules an admin edits that give a directory user their unit and role, from
 *   a group they belong to or an attribute's value. Written only by MappingRulesService (libs/server/auth).
 */
export class DirectorySignIn1796810000000 implements MigrationInterface {
  name = 'DirectorySignIn1796810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN sign_in_method varchar(16) NOT NULL DEFAULT 'local' CHECK (sign_in_method IN ('local', 'directory', 'oidc'))`,
    );
    await q.query(`
      CREATE TABLE directory_mapping_rules (
        id uuid PRIMARY KEY,
        position int NOT NULL,
        source varchar(10) NOT NULL CHECK (source IN ('group', 'attribute')),
        attribute varchar(100),
        value varchar(500) NOT NULL,
        unit_id uuid REFERENCES units(id),
        role varchar(20) CHECK (role IN ('admin', 'leader', 'monitor', 'unit_head', 'staff')),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT directory_mapping_rules_gives_something CHECK (unit_id IS NOT NULL OR role IS NOT NULL),
        CONSTRAINT directory_mapping_rules_attribute_named CHECK ((source = 'attribute') = (attribute IS NOT NULL)),
        CONSTRAINT directory_mapping_rules_position_unique UNIQUE (position) DEFERRABLE INITIALLY DEFERRED
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE directory_mapping_rules`);
    await q.query(`ALTER TABLE users DROP COLUMN sign_in_method`);
  }
}
