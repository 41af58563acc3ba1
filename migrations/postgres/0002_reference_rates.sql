-- The published rate tables from ../shared/domain.md (§1.4 and §2.3), as data. Later half-years are
-- added by new migrations (or by operations staff) as they are published; until then the latest entry
-- stays in force, which the portal tells the debtor next to any schedule.

-- Sweden: the Riksbank reference rate (räntelagen 9 §); claims add their margin (8 pp by law).
INSERT INTO reference_rates (rate_table, valid_from, rate) VALUES
    ('se-reference', '2022-01-01', '0.00'),
    ('se-reference', '2022-07-01', '0.50'),
    ('se-reference', '2023-01-01', '2.50'),
    ('se-reference', '2023-07-01', '3.50'),
    ('se-reference', '2024-01-01', '4.00'),
    ('se-reference', '2024-07-01', '4.00'),
    ('se-reference', '2025-01-01', '3.00'),
    ('se-reference', '2025-07-01', '2.00'),
    ('se-reference', '2026-01-01', '2.00');

-- Norway: forsinkelsesrente, the full rate (margin 0). 2024H2 and 2025H2 are derived (policy rate
-- + 8 pp), not confirmed from a published forskrift.
INSERT INTO reference_rates (rate_table, valid_from, rate) VALUES
    ('no-forsinkelsesrente', '2022-01-01', '8.50'),
    ('no-forsinkelsesrente', '2022-07-01', '9.25'),
    ('no-forsinkelsesrente', '2023-01-01', '10.75'),
    ('no-forsinkelsesrente', '2023-07-01', '11.75'),
    ('no-forsinkelsesrente', '2024-01-01', '12.50'),
    ('no-forsinkelsesrente', '2024-07-01', '12.50'),
    ('no-forsinkelsesrente', '2025-01-01', '12.50'),
    ('no-forsinkelsesrente', '2025-07-01', '12.25'),
    ('no-forsinkelsesrente', '2026-01-01', '12.00');
