package dev.newt.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies that docs/ARCHITECTURE.md documents ("Modules"), and no package
 * cycle anywhere, checked on the main classes of every module (app is the one module whose class
 * path holds them all).
 */
class ModuleDependenciesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.newt");
    }

    @Test
    void modulesDependOnlyDownwardsAsDocumented() {
        layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("dev.newt..")
            .ensureAllClassesAreContainedInArchitectureIgnoring("dev.newt.bench.jmh_generated..")
            .layer("core").definedBy("dev.newt.core..")
            .layer("servers").definedBy("dev.newt.net..")
            .layer("fault-injector").definedBy("dev.newt.faults..")
            .layer("update-manager").definedBy("dev.newt.update..")
            .layer("reports").definedBy("dev.newt.results..", "dev.newt.report..")
            .layer("campaigns").definedBy("dev.newt.campaign..")
            .layer("benchmarks").definedBy("dev.newt.perf..", "dev.newt.bench..")
            .layer("app").definedBy("dev.newt.cli..", "dev.newt.demo..", "dev.newt.serve..")
            .whereLayer("app").mayNotBeAccessedByAnyLayer()
            .whereLayer("benchmarks").mayOnlyBeAccessedByLayers("app")
            .whereLayer("campaigns").mayOnlyBeAccessedByLayers("benchmarks", "app")
            .whereLayer("reports").mayOnlyBeAccessedByLayers("campaigns", "benchmarks", "app")
            .whereLayer("update-manager").mayOnlyBeAccessedByLayers("campaigns", "benchmarks", "app")
            .whereLayer("fault-injector").mayOnlyBeAccessedByLayers("campaigns", "benchmarks", "app")
            .whereLayer("servers").mayOnlyBeAccessedByLayers("campaigns", "benchmarks", "app")
            .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.newt.(**)")
            .should().beFreeOfCycles()
            .check(classes);
    }
}
