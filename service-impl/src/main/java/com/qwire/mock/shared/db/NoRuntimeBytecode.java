package com.qwire.mock.shared.db;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Hibernate without runtime bytecode generation. Its default provider (ByteBuddy) builds a proxy class per
 * entity at start-up, for lazy references to it; our entities have none (no lazy association, no
 * {@code getReference}), so the classes were generated and never used, and building them cost a few per
 * cent of the CPU a start needs on one core, and the archive a thousand ByteBuddy classes (issue 8: start
 * to ready, RSS). Hibernate's own "none" provider refuses a proxy if one is ever asked for, so a lazy
 * association added later fails loudly in its first test instead of silently working differently.
 * Registered through {@code META-INF/services/org.hibernate.service.spi.ServiceContributor}.
 */
public final class NoRuntimeBytecode implements ServiceContributor {
    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    }
}
