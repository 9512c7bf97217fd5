-- The catalogue every environment starts with (see specs/order-service.md).
INSERT INTO products (code, name, status, updated_at) VALUES
    ('SKU-BOOK-001',  'Paperback book',    'ACTIVE',       CURRENT_TIMESTAMP(3)),
    ('SKU-PHONE-002', 'Smartphone',        'ACTIVE',       CURRENT_TIMESTAMP(3)),
    ('SKU-GPU-003',   'Graphics card',     'OUT_OF_STOCK', CURRENT_TIMESTAMP(3)),
    ('SKU-FAX-004',   'Fax machine',       'DISCONTINUED', CURRENT_TIMESTAMP(3)),
    ('SKU-MUG-005',   'Coffee mug',        'ACTIVE',       CURRENT_TIMESTAMP(3)),
    ('SKU-DESK-006',  'Standing desk',     'ACTIVE',       CURRENT_TIMESTAMP(3));
