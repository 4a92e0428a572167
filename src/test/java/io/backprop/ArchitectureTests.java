package io.backprop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import jakarta.persistence.Entity;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Keeps the rooms of DESIGN.md apart: a framework-free engine, features that meet only through services. */
class ArchitectureTests {

    private static final List<String> FEATURES = List.of("model", "dataset", "training", "prediction");

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.backprop");
    }

    @Test
    void engineShouldDependOnNothingButTheJdk() {
        classes().that().resideInAPackage("io.backprop.engine..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.backprop.engine..", "java..", "jdk.incubator.vector..")
                .because("the engine is plain Java: no Spring, Jakarta, JPA or service feature")
                .check(production);
    }

    static List<String> features() {
        return FEATURES;
    }

    @ParameterizedTest
    @MethodSource("features")
    void repositoriesShouldOnlyBeUsedInsideTheirFeature(String feature) {
        String featurePackage = "io.backprop." + feature;
        classes().that().resideInAPackage(featurePackage).and().haveSimpleNameEndingWith("Repository")
                .should().onlyBeAccessed().byClassesThat().resideInAPackage(featurePackage)
                .because("features call each other's services, never each other's repositories")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void entitiesAndRepositoriesShouldStayPackagePrivate() {
        classes().that().areAnnotatedWith(Entity.class).or().haveSimpleNameEndingWith("Repository")
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .check(production);
    }

    @Test
    void webShouldNotDependOnFeatures() {
        noClasses().that().resideInAPackage("io.backprop.web..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        FEATURES.stream().map(f -> "io.backprop." + f + "..").toArray(String[]::new))
                .check(production);
    }
}
