package dev.hangar.marketplace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The framework-free cores (content store, contextualization, builder, deployer) import nothing
 * from Quarkus, CDI, JAX-RS or JPA; and no core depends on the marketplace edge.
 */
class ArchitectureTest {
  private static final String[] CORES = {
    "dev.hangar.store..", "dev.hangar.context..", "dev.hangar.builder..", "dev.hangar.deployer.."
  };
  private static final String[] FRAMEWORKS = {
    "io.quarkus..",
    "io.smallrye..",
    "io.vertx..",
    "jakarta.enterprise..",
    "jakarta.inject..",
    "jakarta.ws.rs..",
    "jakarta.persistence..",
    "jakarta.transaction..",
    "org.hibernate.."
  };

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.hangar");

  @Test
  void coresImportNoFramework() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(CORES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FRAMEWORKS)
            .because("cores are plain Java libraries; Quarkus lives at the edge");
    rule.check(classes);
  }

  @Test
  void coresDoNotDependOnTheMarketplace() {
    noClasses()
        .that()
        .resideInAnyPackage(CORES)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.hangar.marketplace..")
        .check(classes);
  }

  @Test
  void everyCoreIsPresent() {
    // Guards the rules above against passing vacuously when a module is not on the classpath.
    for (String core : CORES) {
      String pkg = core.substring(0, core.length() - 2);
      if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
        throw new AssertionError("no classes found in " + pkg);
      }
    }
  }
}
