/**
 * The organisation the product serves, as its documents name it (Decree 30/2020/NĐ-CP, Phụ lục I, mục II.3: "tên cơ
 * quan, tổ chức ban hành văn bản" under "tên cơ quan, tổ chức chủ quản trực tiếp"). Data, not text in the code: the
 * Ministry of Information and Communications merged into the Ministry of Science and Technology in 2025.
 * GET /api/settings/organisation (no sign-in needed: the sign-in page shows the name); PUT by admins.
 */
export interface OrganisationSettings {
  /** Full name, as written in sentences: "Bộ Thông tin và Truyền thông". Printed in capitals in the heading. */
  name: string;
  /** The abbreviation used in document symbols ("Số: …/BC-BTTTT"): capital letters, digits, '&', '.', '-'. */
  shortName: string;
  /** The direct governing body printed above the name ("" for a ministry, which has none). */
  parent: string;
  /** The place name of the date line ("Hà Nội, ngày …"). */
  place: string;
}

/** Limits of the organisation settings' fields (the same on the API's DTO and the admin form). */
export const ORGANISATION_LIMITS = { name: 200, shortName: 20, parent: 200, place: 60 } as const;
