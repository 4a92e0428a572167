package io.backprop.dataset;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetRepository extends JpaRepository<Dataset, String> {

    List<Dataset> findAllByOrderByCreatedAtDescIdDesc(Pageable page);
}
