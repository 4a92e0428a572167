package io.backprop.model;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface ModelRepository extends JpaRepository<Model, String> {

    List<Model> findAllByOrderByCreatedAtDescIdDesc(Pageable page);

    /** Locks the row so that two jobs finishing together get versions n and n + 1, never n twice. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select m from Model m where m.id = :id")
    Optional<Model> findForUpdate(String id);
}
